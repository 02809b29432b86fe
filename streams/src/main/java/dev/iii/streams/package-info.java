/** Pekko Streams stages on top of the iii SDK. */
package dev.iii.streams;
