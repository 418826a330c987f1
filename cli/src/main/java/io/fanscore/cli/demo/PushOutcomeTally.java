package io.fanscore.cli.demo;

import io.fanscore.schema.PushNotification;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Push outcomes by status and push notifications, as read from the job's output. */
final class PushOutcomeTally {

    private final Map<PushStatus, Long> outcomes = new EnumMap<>(PushStatus.class);
    private final AtomicLong notifications = new AtomicLong();

    synchronized void record(PushOutcome outcome) {
        outcomes.merge(outcome.getStatus(), 1L, Long::sum);
    }

    void record(PushNotification notification) {
        notifications.incrementAndGet();
    }

    synchronized Map<PushStatus, Long> outcomes() {
        return new EnumMap<>(outcomes);
    }

    long notifications() {
        return notifications.get();
    }
}
