package io.fanscore.rules.scoring;

import java.io.Serializable;
import java.util.List;

/**
 * The cap on all points of one day together (SPEC §2), chosen by the fan's level at the start of
 * the day: the step with the highest {@code fromLevel} not above that level applies.
 */
public final class DailyCap implements Serializable {

    /** From {@code fromLevel} on, a day earns at most {@code cap} points. */
    public record Step(int fromLevel, long cap) implements Serializable {}

    private final List<Step> steps;

    public DailyCap(List<Step> steps) {
        if (steps.isEmpty() || steps.get(0).fromLevel() != 1) {
            throw new IllegalArgumentException("daily_cap must start with a step from level 1");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).fromLevel() <= steps.get(i - 1).fromLevel()) {
                throw new IllegalArgumentException(
                        "daily_cap steps must have increasing from_level");
            }
        }
        this.steps = List.copyOf(steps);
    }

    public long capFor(int levelAtStartOfDay) {
        long cap = steps.get(0).cap();
        for (Step step : steps) {
            if (levelAtStartOfDay >= step.fromLevel()) {
                cap = step.cap();
            }
        }
        return cap;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DailyCap that && steps.equals(that.steps);
    }

    @Override
    public int hashCode() {
        return steps.hashCode();
    }
}
