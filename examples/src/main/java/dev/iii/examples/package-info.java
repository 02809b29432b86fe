/** Runnable examples of the iii SDK for Java. */
package dev.iii.examples;
