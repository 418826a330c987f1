package io.fanscore.jobs.scoring;

import io.fanscore.jobs.metrics.FanscoreMetrics;
import io.fanscore.jobs.packages.AudiencePackages;
import io.fanscore.schema.AudienceDelta;
import io.fanscore.schema.DeadLetter;
import io.fanscore.schema.PushOutcome;
import io.fanscore.schema.TierChange;
import io.fanscore.state.LiveCandidate;
import io.fanscore.state.PushCandidate;

import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** The records of the scorer's live-start and package sides, to its side outputs. */
final class ScorerSideOutputs
        implements ScorerPackages.Emitter, BucketLiveStarts.Output, BucketPushes.Output {

    private final Output<StreamRecord<TierChange>> output;
    private final FanscoreMetrics metrics;

    ScorerSideOutputs(Output<StreamRecord<TierChange>> output, FanscoreMetrics metrics) {
        this.output = output;
        this.metrics = metrics;
    }

    @Override
    public void candidate(LiveCandidate candidate, long time) {
        output.collect(PairScoringOperator.CANDIDATES, new StreamRecord<>(candidate, time));
    }

    @Override
    public void pushOutcome(PushOutcome outcome, long time) {
        output.collect(PairScoringOperator.PUSH_OUTCOMES, new StreamRecord<>(outcome, time));
    }

    @Override
    public void pushCandidate(PushCandidate candidate, long time) {
        output.collect(PairScoringOperator.PUSH_CANDIDATES, new StreamRecord<>(candidate, time));
    }

    @Override
    public void late(DeadLetter deadLetter) {
        output.collect(PairScoringOperator.LATE, new StreamRecord<>(deadLetter));
    }

    @Override
    public void delta(AudienceDelta delta) {
        metrics.audienceDelta(delta.getOp().name());
        output.collect(
                AudiencePackages.DELTAS,
                new StreamRecord<>(delta, delta.getEventTime().toEpochMilli()));
    }

    @Override
    public void inForce(AudienceDelta sign, long time) {
        output.collect(AudiencePackages.IN_FORCE, new StreamRecord<>(sign, time));
    }

    /** The same outputs, noting the package of every delta in {@code packageIds} on the way. */
    ScorerPackages.Emitter notingPackages(java.util.Set<String> packageIds) {
        return new ScorerPackages.Emitter() {
            @Override
            public void delta(AudienceDelta delta) {
                packageIds.add(delta.getPackageId());
                ScorerSideOutputs.this.delta(delta);
            }

            @Override
            public void inForce(AudienceDelta sign, long time) {
                ScorerSideOutputs.this.inForce(sign, time);
            }
        };
    }
}
