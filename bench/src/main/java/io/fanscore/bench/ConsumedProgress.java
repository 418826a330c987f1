package io.fanscore.bench;

import io.fanscore.connectors.kafka.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a job has read, sampled from the offsets its source commits on every checkpoint: the
 * steady-state rate is the slope between 20 % and 80 % of the input, which leaves out start-up, the
 * warm-up of state and the final commit that a whole-run rate includes.
 */
final class ConsumedProgress implements AutoCloseable {

    private record Sample(long nanos, long consumed) {}

    private final Admin admin;
    private final String group;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ConsumedProgress(String bootstrap, String group) {
        this.admin = KafkaClients.admin(bootstrap);
        this.group = group;
        this.sampler = new Thread(this::sample, "consumed-progress-" + group);
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (running) {
            try {
                Map<?, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long consumed = 0;
                for (OffsetAndMetadata offset : offsets.values()) {
                    consumed += offset == null ? 0 : offset.offset();
                }
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), consumed));
                }
                Thread.sleep(200); // the sampling period
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // The group may not exist before the first checkpoint: sample again.
            }
        }
    }

    /** Events per second between 20 % and 80 % of {@code events} consumed, or NaN. */
    double steadyRate(long events) {
        Sample from = null;
        Sample to = null;
        synchronized (samples) {
            for (Sample sample : samples) {
                if (from == null && sample.consumed() >= events * 0.2) {
                    from = sample;
                }
                if (to == null && sample.consumed() >= events * 0.8) {
                    to = sample;
                }
            }
        }
        if (from == null || to == null || to.nanos() == from.nanos()) {
            return Double.NaN;
        }
        return (to.consumed() - from.consumed()) / ((to.nanos() - from.nanos()) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(2_000);
        admin.close();
    }
}
