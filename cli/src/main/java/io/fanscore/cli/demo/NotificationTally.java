package io.fanscore.cli.demo;

import io.fanscore.schema.LiveNotification;

import java.util.concurrent.atomic.AtomicLong;

/** Live notifications read. */
public final class NotificationTally {

    private final AtomicLong notifications = new AtomicLong();

    public void record(LiveNotification notification) {
        notifications.incrementAndGet();
    }

    public long total() {
        return notifications.get();
    }
}
