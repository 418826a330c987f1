package io.fanscore.jobs.notify;

import io.fanscore.jobs.ingest.PositionedEvent;
import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.schema.LiveEvent;

import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.types.Either;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A live start is copied to every bucket of its creator's fans, and a fan's bucket is a stable
 * function of its id, so the start reaches every fan wherever its standing is scored.
 */
class CreatorFanoutTest {

    private static final int BUCKETS = 4;
    private static final LiveEvent START =
            ScoringFixtures.liveStart("L1", "c1", Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void aStartIsCopiedOnceToEveryBucketWithWhereItWasRead() throws Exception {
        List<Either<PositionedEvent, CreatorSignal>> out =
                fanOut(CreatorSignal.start(START, 2, 40));

        assertThat(out).hasSize(BUCKETS).allMatch(Either::isRight);
        assertThat(out).extracting(e -> e.right().bucket).containsExactly(0, 1, 2, 3);
        assertThat(out)
                .allSatisfy(
                        e -> {
                            CreatorSignal copy = e.right();
                            assertThat(copy.start).isSameAs(START);
                            assertThat(copy.withdrawn).isFalse();
                            assertThat(copy.partition).isEqualTo(2);
                            assertThat(copy.offset).isEqualTo(40);
                        });
    }

    @Test
    void aWithdrawalIsCopiedToEveryBucketToo() throws Exception {
        List<Either<PositionedEvent, CreatorSignal>> out = fanOut(CreatorSignal.withdrawal(START));

        assertThat(out)
                .extracting(e -> e.right().bucket, e -> e.right().withdrawn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, true),
                        org.assertj.core.groups.Tuple.tuple(1, true),
                        org.assertj.core.groups.Tuple.tuple(2, true),
                        org.assertj.core.groups.Tuple.tuple(3, true));
    }

    @Test
    void everyFansBucketGetsTheStart() throws Exception {
        Set<Integer> reached = new HashSet<>();
        for (Either<PositionedEvent, CreatorSignal> copy :
                fanOut(CreatorSignal.start(START, 0, 0))) {
            reached.add(copy.right().bucket);
        }
        Set<Integer> fansBuckets = new HashSet<>();
        for (int fan = 0; fan < 1_000; fan++) {
            fansBuckets.add(CreatorFanout.bucketOf("fan-" + fan, BUCKETS));
        }
        // A thousand fans spread over every bucket, and the start is in each of them.
        assertThat(fansBuckets).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(reached).containsAll(fansBuckets);
    }

    @Test
    void aFansBucketIsTheSameInEveryJvm() {
        // Pinned: String.hashCode is specified by the JLS, so state keyed by bucket stays valid.
        assertThat(CreatorFanout.bucketOf("fan-1", 16)).isEqualTo(15);
        assertThat(CreatorFanout.bucketOf("fan-2", 16)).isEqualTo(8);
        assertThat(CreatorFanout.bucketOf("fan-3", 16)).isEqualTo(1);
        assertThat(CreatorFanout.bucketOf("fan-3", 1)).isZero();
    }

    @Test
    void thereIsAtLeastOneBucket() {
        assertThatThrownBy(() -> new CreatorFanout(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Either<PositionedEvent, CreatorSignal>> fanOut(CreatorSignal signal)
            throws Exception {
        List<Either<PositionedEvent, CreatorSignal>> out = new ArrayList<>();
        new CreatorFanout(BUCKETS).flatMap(signal, new ListCollector<>(out));
        return out;
    }
}
