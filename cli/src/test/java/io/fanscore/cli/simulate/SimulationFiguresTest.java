package io.fanscore.cli.simulate;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.PushStatus;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationFiguresTest {

    private static final DayClock SHANGHAI = new DayClock(ZoneId.of("Asia/Shanghai"));

    @Test
    void populationsAreCountedAtTheEndOfEachDayInTheProfilesZone() {
        SimulationFigures figures =
                figures(
                        // 2026-01-05 23:30 in Shanghai
                        change("a", Tier.NONE, Tier.POTENTIAL, "e1", "2026-01-05T15:30:00Z"),
                        change("b", Tier.NONE, Tier.CASUAL, "e2", "2026-01-05T15:40:00Z"),
                        // 2026-01-06 00:10 in Shanghai: the next day, though the same UTC date
                        change("a", Tier.POTENTIAL, Tier.CASUAL, "e3", "2026-01-05T16:10:00Z"),
                        change("b", Tier.CASUAL, Tier.POTENTIAL, "DECAY", "2026-01-08T00:00:00Z"),
                        change("a", Tier.CASUAL, Tier.NONE, "EXPIRY", "2026-01-08T01:00:00Z"));

        assertThat(figures.populations().keySet())
                .containsExactly(
                        LocalDate.parse("2026-01-05"),
                        LocalDate.parse("2026-01-06"),
                        LocalDate.parse("2026-01-08"));
        assertThat(figures.populationOn(LocalDate.parse("2026-01-05")))
                .containsEntry(Tier.POTENTIAL, 1L)
                .containsEntry(Tier.CASUAL, 1L);
        assertThat(figures.populationOn(LocalDate.parse("2026-01-07")))
                .as("a day without a change keeps the day before's")
                .containsEntry(Tier.POTENTIAL, 0L)
                .containsEntry(Tier.CASUAL, 2L);
        assertThat(figures.finalPopulation())
                .containsEntry(Tier.POTENTIAL, 1L)
                .containsEntry(Tier.CASUAL, 0L);
        assertThat(figures.transitions().get("EVENT"))
                .containsEntry(Tier.POTENTIAL, 1L)
                .containsEntry(Tier.CASUAL, 2L);
        assertThat(figures.transitions().get("DECAY")).containsEntry(Tier.POTENTIAL, 1L);
        assertThat(figures.transitions().get("EXPIRY")).containsEntry(Tier.NONE, 1L);
    }

    @Test
    void suppressedNotificationsAreTheCandidatesTheCapsHeldBackAndPushesAreCountedByOutcome() {
        SimulationFigures figures =
                SimulationFigures.of(
                        List.of(),
                        SHANGHAI,
                        12,
                        7,
                        List.of(
                                push(PushStatus.ACCEPTED),
                                push(PushStatus.REFUSED_DAILY),
                                push(PushStatus.ACCEPTED)),
                        9,
                        Map.of("p", new java.util.TreeMap<>(Map.of(1_000L, 1L, 2_000L, 3L))),
                        2);
        assertThat(figures.liveSuppressed()).isEqualTo(5);
        assertThat(figures.pushOutcomes())
                .containsExactly(Map.entry("ACCEPTED", 2L), Map.entry("REFUSED_DAILY", 1L));

        SimulationReport report = new SimulationReport("a", figures, "b", figures);
        assertThat(report.figuresByLabel())
                .containsKeys(
                        "live notifications suppressed by caps",
                        "pushes ACCEPTED",
                        "push notifications sent",
                        "package p members",
                        "input dead-lettered");
        assertThat(report.table()).contains("pushes REFUSED_DAILY");
        assertThat(figures.packages()).containsExactly(Map.entry("p", 3L));
        assertThat(report.html())
                .contains("<svg class=\"chart\" data-tier=\"DEVOTED\"")
                .contains("<svg class=\"chart\" data-package=\"p\"");
    }

    private static SimulationFigures figures(TierChange... changes) {
        return SimulationFigures.of(List.of(changes), SHANGHAI, 0, 0, List.of(), 0, Map.of(), 0);
    }

    private static TierChange change(String fan, Tier from, Tier to, String cause, String at) {
        return TierChange.newBuilder()
                .setChangeId(fan + cause + at)
                .setCreatorId("c")
                .setFanId(fan)
                .setFromTier(from)
                .setToTier(to)
                .setIntimacy(0)
                .setLevel(0)
                .setEventTime(Instant.parse(at))
                .setCause(cause)
                .build();
    }

    private static PushOutcome push(PushStatus status) {
        return PushOutcome.newBuilder()
                .setPushId("p-" + status)
                .setCreatorId("c")
                .setEventTime(Instant.parse("2026-01-05T04:00:00Z"))
                .setStatus(status)
                .setPushesLeftThisMonth(0)
                .build();
    }
}
