package io.fanscore.rules.scoring;

import io.fanscore.schema.InteractionType;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every number of the scoring rules (SPEC §2–§6), loaded from a profile file such as {@code
 * flink-conf/profiles/general.yaml}. Immutable and serializable, so it travels inside the job
 * graph.
 */
public final class ScoringProfile implements Serializable {

    private final String name;
    private final DayClock clock;
    private final EnumMap<InteractionType, PointRule> pointRules;
    private final DailyCap dailyCap;
    private final LevelTable levels;
    private final TierPolicy tiers;
    private final DecayRule decay;
    private final long duplicateWindowMillis;
    private final InputLimits limits;
    private final NotifyRule notify;
    private final PushRule push;

    public ScoringProfile(
            String name,
            DayClock clock,
            Map<InteractionType, PointRule> pointRules,
            DailyCap dailyCap,
            LevelTable levels,
            TierPolicy tiers,
            DecayRule decay,
            long duplicateWindowMillis,
            InputLimits limits,
            NotifyRule notify,
            PushRule push) {
        this.name = name;
        this.clock = clock;
        this.pointRules = new EnumMap<>(InteractionType.class);
        this.pointRules.putAll(pointRules);
        this.dailyCap = dailyCap;
        this.levels = levels;
        this.tiers = tiers;
        this.decay = decay;
        this.duplicateWindowMillis = duplicateWindowMillis;
        this.limits = limits;
        this.notify = notify;
        this.push = push;
    }

    public String name() {
        return name;
    }

    public DayClock clock() {
        return clock;
    }

    /** The rule of {@code type}; types without a rule earn nothing. */
    public PointRule pointRule(InteractionType type) {
        PointRule rule = pointRules.get(type);
        return rule == null ? PointRule.none() : rule;
    }

    public DailyCap dailyCap() {
        return dailyCap;
    }

    public LevelTable levels() {
        return levels;
    }

    public TierPolicy tiers() {
        return tiers;
    }

    public DecayRule decay() {
        return decay;
    }

    public long duplicateWindowMillis() {
        return duplicateWindowMillis;
    }

    public InputLimits limits() {
        return limits;
    }

    public NotifyRule notifications() {
        return notify;
    }

    /** Subscription pushes (SPEC §12). */
    public PushRule pushes() {
        return push;
    }
}
