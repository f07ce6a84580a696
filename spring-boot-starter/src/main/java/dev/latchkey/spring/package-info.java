/**
 * Spring Boot auto-configuration for Latchkey: clients from {@code latchkey.clients.<name>.*}
 * (see {@link dev.latchkey.spring.LatchkeyProperties}), reachable as beans qualified by name and
 * through {@link dev.latchkey.spring.LatchkeyClients}.
 */
package dev.latchkey.spring;
