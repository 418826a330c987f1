package io.fanscore.connectors.kafka.eventtime;

import io.fanscore.connectors.kafka.KafkaEndpoint;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka source reader whose partitions' watermarks follow {@link PartitionProgress}: it reads
 * through the wrapped reader, sees every record on its way out, and emits each partition's
 * watermark or idleness itself (the job's watermark strategy generates none). It wakes up every
 * emit interval even when no record comes, which is what lets a quiet partition's event time move.
 */
final class EventTimeSourceReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    /** One assigned partition: its rules and, once known, the output Flink keeps for it. */
    private static final class Tracked {
        final TopicPartition partition;
        final PartitionProgress progress;
        SourceOutput<?> output;

        Tracked(TopicPartition partition, PartitionProgress progress) {
            this.partition = partition;
            this.progress = progress;
        }
    }

    /**
     * The Kafka source assigns the partitions it finds at start to the readers as they register; a
     * reader still without one this long after it started gets one only if a partition is added
     * later, so it stops holding event time back.
     */
    static final long NO_PARTITIONS_IDLE_AFTER_MILLIS = 2_000;

    private final SourceReader<T, KafkaPartitionSplit> delegate;
    private final EventTimePolicy policy;
    private final RecordPosition<T> position;
    private final KafkaEndpoint endpoint;
    private final String groupId;
    private final String job;

    private final Map<String, Tracked> splits = new LinkedHashMap<>();
    private final ActivityClock activity = new ActivityClock();
    private EndOffsets endOffsets;
    private ScheduledExecutorService ticker;
    private CompletableFuture<Void> tick;
    private ReaderOutput<T> lastOutput;
    private ProgressOutput wrapped;
    private long pollNow;
    private long lastMaintained = Long.MIN_VALUE;
    private long lastCheck = Long.MIN_VALUE;
    private long startedAt;
    private boolean everAssigned;
    private boolean markedWithoutSplits;

    EventTimeSourceReader(
            SourceReader<T, KafkaPartitionSplit> delegate,
            EventTimePolicy policy,
            RecordPosition<T> position,
            KafkaEndpoint endpoint,
            String groupId,
            String job) {
        this.delegate = delegate;
        this.job = job;
        this.policy = policy;
        this.position = position;
        this.endpoint = endpoint;
        this.groupId = groupId;
    }

    @Override
    public void start() {
        startedAt = System.currentTimeMillis();
        delegate.start();
        if (policy.followWallClock()) {
            endOffsets = new EndOffsets(endpoint, groupId);
        }
        ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, "fanscore-event-time-ticker");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        pollNow = System.currentTimeMillis();
        activity.onPoll(pollNow);
        if (output != lastOutput) {
            lastOutput = output;
            wrapped = new ProgressOutput(output);
        }
        InputStatus status = delegate.pollNext(wrapped);
        long now = System.currentTimeMillis();
        if (status == InputStatus.END_OF_INPUT) {
            // An idle output would swallow the end-of-input watermark that ends event time.
            output.markActive();
            return status;
        }
        if (lastMaintained == Long.MIN_VALUE
                || now - lastMaintained >= policy.emitIntervalMillis()) {
            maintain(output, now);
            lastMaintained = now;
        }
        activity.onReturn(now, status == InputStatus.MORE_AVAILABLE);
        return status;
    }

    /** Takes the broker's answers, sends the next check, and tells every partition's output. */
    private void maintain(ReaderOutput<T> output, long now) {
        if (splits.isEmpty()) {
            // A reader never given a partition (more readers than partitions, or no topic yet)
            // has nothing to wait for once the first assignment is surely over; one whose
            // partitions finished must stay active for the end-of-input watermark.
            if (!everAssigned
                    && !markedWithoutSplits
                    && activity.at(now) - startedAt >= NO_PARTITIONS_IDLE_AFTER_MILLIS) {
                output.markIdle();
                markedWithoutSplits = true;
            }
            return;
        }
        if (endOffsets != null) {
            takeAnswer();
            sendCheck(now);
        }
        long activityNow = activity.at(now);
        for (Tracked tracked : splits.values()) {
            if (tracked.progress.isLive()) {
                LiveEvidence.sawLivePartition(job, now);
                break;
            }
        }
        long liveSince = LiveEvidence.liveSince(job);
        for (Map.Entry<String, Tracked> entry : splits.entrySet()) {
            Tracked tracked = entry.getValue();
            if (tracked.output == null) {
                // Registered at once, so that a partition holds event time back before its first
                // record (the wrapped reader registers a partition only when records come).
                tracked.output = output.createOutputForSplit(entry.getKey());
            }
            PartitionProgress.Signal signal = tracked.progress.signal(activityNow, liveSince);
            if (signal instanceof PartitionProgress.None) {
                continue;
            }
            if (signal instanceof PartitionProgress.Mark mark) {
                tracked.output.emitWatermark(new Watermark(mark.watermark()));
            } else {
                tracked.output.markIdle();
            }
        }
    }

    private void takeAnswer() {
        EndOffsets.Answer answer = endOffsets.poll();
        if (answer == null) {
            return;
        }
        for (Tracked tracked : splits.values()) {
            Long end = answer.endOffsets().get(tracked.partition);
            Long next = answer.check().nextOffsets().get(tracked.partition);
            if (end != null && next != null) {
                long from = next >= 0 ? next : startOf(tracked, answer, end);
                tracked.progress.onEndOffset(answer.check().sentAt(), from, end);
            }
        }
    }

    /** Where a partition started that named no offset: the Kafka source's start markers. */
    private static long startOf(Tracked tracked, EndOffsets.Answer answer, long end) {
        long marker = tracked.progress.startingOffset();
        Long earliest = answer.earliestOffsets().get(tracked.partition);
        Long committed = answer.committedOffsets().get(tracked.partition);
        if (marker == KafkaPartitionSplit.LATEST_OFFSET) {
            return end;
        }
        if (marker == KafkaPartitionSplit.COMMITTED_OFFSET && committed != null) {
            return committed;
        }
        // EARLIEST, or COMMITTED without a commit (the sources reset to the earliest offset).
        return earliest == null ? -1 : earliest;
    }

    private void sendCheck(long now) {
        if (endOffsets.busy()
                || (lastCheck != Long.MIN_VALUE
                        && now - lastCheck < policy.checkIntervalMillis())) {
            return;
        }
        long activityNow = activity.at(now);
        Map<TopicPartition, Long> quiet = new HashMap<>();
        for (Tracked tracked : splits.values()) {
            if (tracked.progress.wantsCatchUpCheck(activityNow)) {
                quiet.put(tracked.partition, tracked.progress.nextOffset());
            }
        }
        if (!quiet.isEmpty()) {
            endOffsets.send(quiet, now);
            lastCheck = now;
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        CompletableFuture<Void> records = delegate.isAvailable();
        if (records.isDone()) {
            return records;
        }
        return records.applyToEither(nextTick(), ignored -> null);
    }

    private CompletableFuture<Void> nextTick() {
        if (tick == null || tick.isDone()) {
            CompletableFuture<Void> next = new CompletableFuture<>();
            ticker.schedule(
                    () -> next.complete(null), policy.emitIntervalMillis(), TimeUnit.MILLISECONDS);
            tick = next;
        }
        return tick;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> added) {
        long activityNow = activity.at(System.currentTimeMillis());
        for (KafkaPartitionSplit split : added) {
            splits.putIfAbsent(
                    split.splitId(),
                    new Tracked(
                            split.getTopicPartition(),
                            new PartitionProgress(policy, activityNow, split.getStartingOffset())));
        }
        everAssigned |= !added.isEmpty();
        delegate.addSplits(added);
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        return delegate.snapshotState(checkpointId);
    }

    @Override
    public void notifyNoMoreSplits() {
        delegate.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent sourceEvent) {
        delegate.handleSourceEvents(sourceEvent);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        delegate.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        delegate.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<String> splitsToPause, Collection<String> splitsToResume) {
        delegate.pauseOrResumeSplits(splitsToPause, splitsToResume);
    }

    @Override
    public void close() throws Exception {
        try {
            delegate.close();
        } finally {
            if (endOffsets != null) {
                endOffsets.close();
            }
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
    }

    /** The reader's output as the wrapped reader sees it: split outputs that track records. */
    private final class ProgressOutput implements ReaderOutput<T> {

        private final ReaderOutput<T> output;

        ProgressOutput(ReaderOutput<T> output) {
            this.output = output;
        }

        @Override
        public void collect(T record) {
            output.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            output.collect(record, timestamp);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }

        @Override
        public SourceOutput<T> createOutputForSplit(String splitId) {
            SourceOutput<T> split = output.createOutputForSplit(splitId);
            Tracked tracked = splits.get(splitId);
            if (tracked == null) {
                return split;
            }
            tracked.output = split;
            return new TrackedOutput(split, tracked.progress);
        }

        @Override
        public void releaseOutputForSplit(String splitId) {
            splits.remove(splitId);
            output.releaseOutputForSplit(splitId);
        }
    }

    /** One partition's output: every record moves the partition's progress on its way out. */
    private final class TrackedOutput implements SourceOutput<T> {

        private final SourceOutput<T> output;
        private final PartitionProgress progress;

        TrackedOutput(SourceOutput<T> output, PartitionProgress progress) {
            this.output = output;
            this.progress = progress;
        }

        @Override
        public void collect(T record) {
            track(record);
            output.collect(record);
        }

        @Override
        public void collect(T record, long timestamp) {
            track(record);
            output.collect(record, timestamp);
        }

        private void track(T record) {
            progress.onRecord(
                    position.offset(record),
                    position.eventTime(record),
                    pollNow,
                    activity.at(pollNow));
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            output.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            output.markIdle();
        }

        @Override
        public void markActive() {
            output.markActive();
        }
    }
}
