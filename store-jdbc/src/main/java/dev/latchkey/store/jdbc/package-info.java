/**
 * {@link dev.latchkey.store.jdbc.JdbcTokenStore}: a token store in one table of a SQL database
 * (plain JDBC, PostgreSQL tested), shared by every instance of an application, with a renewal
 * lease so that one instance renews each token.
 */
package dev.latchkey.store.jdbc;
