package io.fanscore.jobs.scoring;

import io.fanscore.jobs.ingest.PositionedEvent;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The waiting events a checkpoint found, in keyed list state by (bucket, time). A checkpoint saves
 * the events that arrived since the last one and still wait, just before its barrier, so the
 * snapshot holds every waiting event; an event applied between two checkpoints (all of them in a
 * replay at speed) never touches state. A saved group is deleted once applied.
 */
final class SavedWaitingEvents {

    /** A bucket's waiting events of one time that are in keyed state, to delete once applied. */
    private record Group(Object bucket, long time) {}

    private final KeyedStateBackend<Object> state;
    private final Consumer<Object> setCurrentKey;
    private final int buckets;
    private final ListStateDescriptor<PositionedEvent> descriptor =
            new ListStateDescriptor<>("pending-events", ScorerInputs.positionedEventType());
    private final Set<Group> saved = new HashSet<>();

    /**
     * @param setCurrentKey the operator's, which keeps its timers on the same key as the state
     */
    @SuppressWarnings("unchecked")
    SavedWaitingEvents(KeyedStateBackend<?> state, Consumer<Object> setCurrentKey, int buckets) {
        this.state = (KeyedStateBackend<Object>) state;
        this.setCurrentKey = setCurrentKey;
        this.buckets = buckets;
    }

    /** Saves events no checkpoint holds yet; called before the barrier. */
    void save(List<PositionedEvent> unsaved) throws Exception {
        for (PositionedEvent event : unsaved) {
            Tuple2<String, Integer> key = ScorerInputs.keyOf(event.event, buckets);
            setCurrentKey.accept(key);
            at(event.eventTime()).add(event); // a blind append: no read
            saved.add(new Group(key, event.eventTime()));
        }
    }

    /** The events that were waiting at the checkpoint restored from wait again in {@code into}. */
    void restoreInto(WaitingEvents into) throws Exception {
        at(Long.MIN_VALUE); // registers the state, so its restored keys can be listed
        List<Tuple2<Object, Long>> waiting;
        try (Stream<Tuple2<Object, Long>> keys = state.getKeysAndNamespaces(descriptor.getName())) {
            waiting = keys.toList();
        }
        for (Tuple2<Object, Long> keyAndTime : waiting) {
            setCurrentKey.accept(keyAndTime.f0);
            for (PositionedEvent event : at(keyAndTime.f1).get()) {
                into.addSaved(event);
            }
            saved.add(new Group(keyAndTime.f0, keyAndTime.f1));
        }
    }

    private ListState<PositionedEvent> at(long time) throws Exception {
        return state.getPartitionedState(time, LongSerializer.INSTANCE, descriptor);
    }

    /** The current bucket's events of {@code time} were applied; deletes them if saved. */
    void applied(Object bucket, long time) throws Exception {
        if (!saved.isEmpty() && saved.remove(new Group(bucket, time))) {
            at(time).clear(); // a blind delete: no read; the bucket's other pairs of this
            // time are applied in this same drain, before any checkpoint can be taken
        }
    }
}
