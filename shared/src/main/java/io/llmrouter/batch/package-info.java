/**
 * Batches in the shape of OpenAI's Batch API: files of requests uploaded once, run when capacity is cheap, answered
 * as output and error files.
 *
 * <p>Files live in a {@link io.llmrouter.batch.FileStore} (S3 when deployed); batches, their items and the files'
 * descriptions live in the routing-state table's {@code batch#<partition>} (see {@link io.llmrouter.state.StateTable}).
 * A file larger than one request may carry comes in parts through the {@link io.llmrouter.batch.UploadService}.
 * The {@link io.llmrouter.batch.BatchRunner} validates a new batch's input file into items, claims items with
 * conditional writes and a lease (a runner that dies mid-batch loses nothing: its items are claimed again once
 * their lease has passed), places each on a target by {@link io.llmrouter.batch.BatchPlacement} (idle cluster
 * slots first; the cheapest target once the window runs down) and writes the output and error files at the end.
 * The requests themselves go through the router's request path, which the gateway lends as an
 * {@link io.llmrouter.batch.ItemExecutor}: this package sits below the gateway and never imports it.
 */
package io.llmrouter.batch;
