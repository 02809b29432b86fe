/** The iii test engine: an in-process stand-in for the iii engine at 0.11.6. */
package dev.iii.testkit;
