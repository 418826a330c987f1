package io.fanscore.connectors;

import java.util.List;

/** The Kafka topics of SPEC §1 and §10 (defaults; every job takes others by option). */
public final class Topics {

    public static final String INTERACTIONS = "fan.interactions";
    public static final String LIVE = "creator.live";
    public static final String TIER_CHANGES = "fan.tier-changes";
    public static final String LIVE_NOTIFICATIONS = "fan.live-notifications";
    public static final String AUDIENCE_DELTAS = "fan.audience-deltas";
    public static final String DEAD_LETTER = "fan.deadletter";

    /** Audience package definitions added, changed or removed at runtime (compacted). */
    public static final String PACKAGE_CONTROL = "fan.audience-packages";

    /** Every package definition change, from the file or the control topic, and its decision. */
    public static final String PACKAGE_AUDIT = "fan.audience-package-audit";

    /** Creators moved to another scoring profile at runtime (SPEC §11). */
    public static final String PROFILES = "creator.profiles";

    /** Subscription pushes creators send (SPEC §12). */
    public static final String PUSHES = "creator.pushes";

    /** What became of each push under its creator's caps (SPEC §12). */
    public static final String PUSH_OUTCOMES = "creator.push-outcomes";

    /** Fans reached by accepted pushes (SPEC §12). */
    public static final String PUSH_NOTIFICATIONS = "fan.push-notifications";

    /** Fans asking to be forgotten: their pairs of one or every creator are erased. */
    public static final String ERASURES = "fan.erasures";

    /** What each erasure request removed; the fan only as a salted hash. */
    public static final String ERASURE_OUTCOMES = "fan.erasure-outcomes";

    public static final List<String> ALL =
            List.of(
                    INTERACTIONS,
                    LIVE,
                    TIER_CHANGES,
                    LIVE_NOTIFICATIONS,
                    AUDIENCE_DELTAS,
                    DEAD_LETTER,
                    PACKAGE_CONTROL,
                    PACKAGE_AUDIT,
                    PROFILES,
                    PUSHES,
                    PUSH_OUTCOMES,
                    PUSH_NOTIFICATIONS,
                    ERASURES,
                    ERASURE_OUTCOMES);

    private Topics() {}
}
