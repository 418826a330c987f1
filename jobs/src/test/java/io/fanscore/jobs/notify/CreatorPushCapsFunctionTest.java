package io.fanscore.jobs.notify;

import io.fanscore.rules.scoring.ScoringFixtures;
import io.fanscore.rules.scoring.ScoringProfile;
import io.fanscore.schema.CreatorPush;
import io.fanscore.schema.PushOutcome;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.fanscore.rules.scoring.ScoringFixtures.noonOf;
import static io.fanscore.rules.scoring.ScoringFixtures.push;
import static io.fanscore.rules.scoring.ScoringFixtures.startOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The creator caps of SPEC §12 in their Flink shell, through the push sequencer before them. */
class CreatorPushCapsFunctionTest {

    private final ScoringProfile profile = ScoringFixtures.general();
    private KeyedOneInputStreamOperatorTestHarness<String, CreatorSignal, PushOutcome> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new CreatorPushCapsFunction(
                                        profile.pushes(), profile.clock(), "creator.pushes")),
                        CreatorSignal::creatorId,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void pushesAreDecidedInTimeThenPushIdOrderWhateverTheArrivalOrder() throws Exception {
        // Arrivals: p-b and p-a at the same time, p-0 at an earlier one; all on day 1.
        send(push("p-b", "c1", noonOf(1)));
        send(push("p-0", "c1", noonOf(1, Duration.ofMinutes(-5))));
        send(push("p-a", "c1", noonOf(1)));
        harness.processWatermark(new Watermark(noonOf(1).toEpochMilli()));

        assertThat(outcomes())
                .containsExactly("p-0 ACCEPTED 7", "p-a REFUSED_DAILY 7", "p-b REFUSED_DAILY 7");
        assertThat(accepted()).containsExactly("p-0");
    }

    @Test
    void aPushWaitsUntilEventTimePassesIt() throws Exception {
        send(push("p-1", "c1", noonOf(1)));
        harness.processWatermark(new Watermark(noonOf(1).toEpochMilli() - 1));
        assertThat(outcomes()).isEmpty();
        harness.processWatermark(new Watermark(noonOf(1).toEpochMilli()));
        assertThat(outcomes()).containsExactly("p-1 ACCEPTED 7");
    }

    @Test
    void aMonthOfDailyPushesRefusesTheNinthAndLaterAndCreatorsAreApart() throws Exception {
        // January 2026 from day 1 (Monday 5th): days 1 to 10 are January 5th to 14th.
        for (int day = 1; day <= 10; day++) {
            send(push("c1-" + day, "c1", noonOf(day)));
        }
        send(push("c2-1", "c2", noonOf(10)));
        harness.processWatermark(new Watermark(noonOf(10).toEpochMilli()));

        assertThat(outcomes())
                .containsExactly(
                        "c1-1 ACCEPTED 7",
                        "c1-2 ACCEPTED 6",
                        "c1-3 ACCEPTED 5",
                        "c1-4 ACCEPTED 4",
                        "c1-5 ACCEPTED 3",
                        "c1-6 ACCEPTED 2",
                        "c1-7 ACCEPTED 1",
                        "c1-8 ACCEPTED 0",
                        "c1-9 REFUSED_MONTHLY 0",
                        "c1-10 REFUSED_MONTHLY 0",
                        "c2-1 ACCEPTED 7");
    }

    @Test
    void aWithdrawnPushGetsNoOutcomeAndDoesNotCount() throws Exception {
        CreatorPush replaced = push("p-1", "c1", noonOf(1));
        send(replaced);
        harness.processElement(new StreamRecord<>(CreatorSignal.withdrawal(replaced)));
        send(push("p-2", "c1", noonOf(1, Duration.ofHours(1))));
        harness.processWatermark(new Watermark(noonOf(2).toEpochMilli()));

        assertThat(outcomes()).containsExactly("p-2 ACCEPTED 7");
    }

    @Test
    void aLatePushIsDeadLetteredWithoutAnOutcome() throws Exception {
        harness.processWatermark(new Watermark(noonOf(2).toEpochMilli()));
        send(push("p-1", "c1", noonOf(1)));
        assertThat(outcomes()).isEmpty();
        assertThat(harness.getSideOutput(CreatorPushCapsFunction.LATE)).hasSize(1);
    }

    @Test
    void theTallyGoesAtTheEndOfItsMonth() throws Exception {
        send(push("p-1", "c1", noonOf(1)));
        harness.processWatermark(new Watermark(noonOf(1).toEpochMilli()));
        assertThat(tallies()).isEqualTo(1);
        // February 1st, 2026 is test day 28.
        harness.processWatermark(new Watermark(startOf(28).toEpochMilli() - 1));
        assertThat(tallies()).isEqualTo(1);
        harness.processWatermark(new Watermark(startOf(28).toEpochMilli()));
        assertThat(tallies()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /** Creators with a tally in state. */
    private long tallies() throws Exception {
        try (var keys =
                ((KeyedProcessOperator<?, ?, ?>) harness.getOperator())
                        .getKeyedStateBackend()
                        .getKeys("creator-push-tally", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private void send(CreatorPush push) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        CreatorSignal.push(push, 0, 0), push.getEventTime().toEpochMilli()));
    }

    private List<String> outcomes() {
        return harness.extractOutputValues().stream()
                .map(o -> o.getPushId() + " " + o.getStatus() + " " + o.getPushesLeftThisMonth())
                .toList();
    }

    private List<String> accepted() {
        var out = harness.getSideOutput(CreatorPushCapsFunction.ACCEPTED);
        return out == null ? List.of() : out.stream().map(r -> r.getValue().id()).toList();
    }
}
