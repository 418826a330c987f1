package io.fanscore.jobs.ingest;

import io.fanscore.schema.DeadLetterReason;

/** Why an input record is not applied (SPEC §9), and the detail a dead letter carries. */
public record Rejection(DeadLetterReason reason, String detail) {}
