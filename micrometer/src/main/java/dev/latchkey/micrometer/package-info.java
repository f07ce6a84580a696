/** Micrometer meters for Latchkey clients: see {@link dev.latchkey.micrometer.MicrometerTokenListener}. */
package dev.latchkey.micrometer;
