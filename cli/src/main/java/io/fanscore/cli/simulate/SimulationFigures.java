package io.fanscore.cli.simulate;

import io.fanscore.rules.scoring.DayClock;
import io.fanscore.rules.scoring.TierTransition;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.Tier;
import io.fanscore.schema.TierChange;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What a marketer compares between two profiles, computed from one replay's outputs: fans per tier
 * at the end of each day, transitions by cause, live notifications sent and suppressed by the caps,
 * pushes by outcome and sent, and each package's latest size.
 *
 * @param populations fans per tier (POTENTIAL and up) at the end of each day with a change
 * @param transitions by cause (EVENT, DECAY, EXPIRY, ERASURE), then by the tier moved to
 * @param liveCandidates fans live starts reached before the frequency caps
 * @param packageVersions package id → its versions' cut-offs → members (0 below its minimum size)
 * @param deadLetters input records dead-lettered (bad, or late: a recording out of time order)
 */
public record SimulationFigures(
        NavigableMap<LocalDate, Map<Tier, Long>> populations,
        Map<String, Map<Tier, Long>> transitions,
        long liveCandidates,
        long liveSent,
        Map<String, Long> pushOutcomes,
        long pushesSent,
        Map<String, NavigableMap<Long, Long>> packageVersions,
        long deadLetters) {

    /** The tiers a population counts, in order. */
    public static final List<Tier> TIERS =
            List.of(Tier.POTENTIAL, Tier.CASUAL, Tier.FAVORABLE, Tier.DEVOTED);

    /** The causes a transition is grouped by. */
    public static final List<String> CAUSES =
            List.of("EVENT", TierTransition.DECAY, TierTransition.EXPIRY, TierTransition.ERASURE);

    /** Live candidates the caps held back. */
    public long liveSuppressed() {
        return liveCandidates - liveSent;
    }

    /** The figures of one replay's outputs, days counted in the profiles' zone. */
    public static SimulationFigures of(
            List<TierChange> changes,
            DayClock clock,
            long liveCandidates,
            long liveSent,
            List<PushOutcome> pushOutcomes,
            long pushesSent,
            Map<String, NavigableMap<Long, Long>> packageVersions,
            long deadLetters) {
        List<TierChange> inOrder = new ArrayList<>(changes);
        inOrder.sort(Comparator.comparing(TierChange::getEventTime));
        NavigableMap<LocalDate, Map<Tier, Long>> populations = new TreeMap<>();
        Map<Tier, Long> now = emptyCounts();
        Map<String, Map<Tier, Long>> transitions =
                new TreeMap<>(Comparator.comparingInt(CAUSES::indexOf));
        for (String cause : CAUSES) {
            transitions.put(cause, emptyCounts());
        }
        for (TierChange change : inOrder) {
            move(now, change.getFromTier(), -1);
            move(now, change.getToTier(), 1);
            transitions.get(causeOf(change)).merge(change.getToTier(), 1L, Long::sum);
            LocalDate day = LocalDate.ofEpochDay(clock.dayOf(change.getEventTime().toEpochMilli()));
            populations.put(day, new EnumMap<>(now)); // the last change of the day wins
        }
        Map<String, Long> outcomes = new TreeMap<>();
        for (PushOutcome outcome : pushOutcomes) {
            outcomes.merge(outcome.getStatus().name(), 1L, Long::sum);
        }
        return new SimulationFigures(
                populations,
                transitions,
                liveCandidates,
                liveSent,
                outcomes,
                pushesSent,
                new TreeMap<>(packageVersions),
                deadLetters);
    }

    /** Each package's members at its latest version. */
    public Map<String, Long> packages() {
        Map<String, Long> latest = new TreeMap<>();
        packageVersions.forEach(
                (id, versions) ->
                        latest.put(id, versions.isEmpty() ? 0 : versions.lastEntry().getValue()));
        return latest;
    }

    /** One package's members by version cut-off; empty if the package has no version. */
    public NavigableMap<Long, Long> packageHistory(String packageId) {
        return packageVersions.getOrDefault(packageId, new TreeMap<>());
    }

    /** The population at the end of the last day. */
    public Map<Tier, Long> finalPopulation() {
        return populations.isEmpty() ? emptyCounts() : populations.lastEntry().getValue();
    }

    /** The population at the end of {@code day}: that of the last day with a change up to it. */
    public Map<Tier, Long> populationOn(LocalDate day) {
        Map.Entry<LocalDate, Map<Tier, Long>> entry = populations.floorEntry(day);
        return entry == null ? emptyCounts() : entry.getValue();
    }

    private static String causeOf(TierChange change) {
        String cause = change.getCause();
        return CAUSES.contains(cause) ? cause : "EVENT";
    }

    private static void move(Map<Tier, Long> counts, Tier tier, long by) {
        if (tier != Tier.NONE) {
            counts.merge(tier, by, Long::sum);
        }
    }

    private static Map<Tier, Long> emptyCounts() {
        Map<Tier, Long> counts = new EnumMap<>(Tier.class);
        for (Tier tier : TIERS) {
            counts.put(tier, 0L);
        }
        return counts;
    }
}
