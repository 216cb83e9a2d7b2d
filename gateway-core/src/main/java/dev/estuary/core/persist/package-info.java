/**
 * Durable broker state: retained messages and persistent sessions in an append-only log with snapshots
 * ({@code data/durable/}), written by one thread in batches under the configured sync policy, and recovered at
 * startup before the listeners open. {@code docs/durability.md} describes the design, the file format and the
 * guarantees.
 */
package dev.estuary.core.persist;
