/** The iii SDK for Java. The entry point is {@link dev.iii.sdk.III}. */
package dev.iii.sdk;
