package io.fanscore.jobs.scoring;

import io.fanscore.state.PairState;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Visits every pair of some creators held by this subtask, outside any key's own step: what a
 * runtime package control or profile assignment does once to all pairs it concerns. One scan of the
 * subtask's keys; rare by nature.
 */
final class CreatorPairs {

    /** One pair's visit; true if it changed the state, which is then written back. */
    @FunctionalInterface
    interface Visit {
        boolean visit(String creator, String fan, PairState state) throws Exception;
    }

    private CreatorPairs() {}

    static void visit(KeyedStateBackend<?> pairsByBucket, Predicate<String> creators, Visit visit)
            throws Exception {
        pairsByBucket.applyToAllKeys(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                PairScoringOperator.pairStateDescriptor(),
                (key, bucket) -> {
                    @SuppressWarnings("unchecked")
                    String creator = ((Tuple2<String, Integer>) key).f0;
                    if (creators.test(creator)) {
                        visitBucket(creator, bucket, visit);
                    }
                });
    }

    private static void visitBucket(String creator, MapState<String, PairState> bucket, Visit visit)
            throws Exception {
        List<Map.Entry<String, PairState>> changed = new ArrayList<>();
        for (Map.Entry<String, PairState> pair : bucket.entries()) {
            if (visit.visit(creator, pair.getKey(), pair.getValue())) {
                changed.add(pair);
            }
        }
        for (Map.Entry<String, PairState> pair : changed) {
            bucket.put(pair.getKey(), pair.getValue()); // after the scan, not while it reads
        }
    }
}
