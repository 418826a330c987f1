package io.fanscore.jobs.notify;

import io.fanscore.jobs.ingest.PositionedEvent;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * Sharding of a creator's fans (SPEC §7: fan-out must not be bound to one task). A fan lives in
 * bucket {@code hash(fan) mod buckets} of its creator, where its standing is scored; a live start
 * or accepted push is copied to every bucket, and (creator, bucket) keys spread over all subtasks,
 * so one mega-creator's fan-out uses the whole cluster.
 */
public final class CreatorFanout
        implements FlatMapFunction<CreatorSignal, Either<PositionedEvent, CreatorSignal>> {

    private final int buckets;

    public CreatorFanout(int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1");
        }
        this.buckets = buckets;
    }

    public static int bucketOf(String fanId, int buckets) {
        // String.hashCode is specified by the JLS, so buckets are stable across JVMs and versions.
        return Math.floorMod(fanId.hashCode() * 0x9E3779B9, buckets);
    }

    @Override
    public void flatMap(
            CreatorSignal signal, Collector<Either<PositionedEvent, CreatorSignal>> out) {
        for (int bucket = 0; bucket < buckets; bucket++) {
            out.collect(Either.Right(signal.forBucket(bucket)));
        }
    }
}
