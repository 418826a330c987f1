package io.fanscore.jobs.scoring;

import io.fanscore.schema.TierChange;
import io.fanscore.scoring.TierTransition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** Turns rule-level transitions into {@link TierChange} records with deterministic ids. */
public final class TierChanges {

    private final MessageDigest sha256;

    public TierChanges() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public TierChange of(String creatorId, String fanId, TierTransition transition) {
        return TierChange.newBuilder()
                .setChangeId(changeId(creatorId, fanId, transition))
                .setCreatorId(creatorId)
                .setFanId(fanId)
                .setFromTier(transition.from())
                .setToTier(transition.to())
                .setIntimacy(transition.intimacy())
                .setLevel(transition.level())
                .setEventTime(Instant.ofEpochMilli(transition.eventTime()))
                .setCause(transition.cause())
                .build();
    }

    /**
     * SHA-256 over what identifies a change: the pair, the event time, the cause and the target
     * tier (a pair changes tier at most once per cause and time). First 128 bits, hex.
     */
    String changeId(String creatorId, String fanId, TierTransition transition) {
        sha256.reset();
        update(creatorId);
        update(fanId);
        update(Long.toString(transition.eventTime()));
        update(transition.cause());
        update(transition.to().name());
        return HexFormat.of().formatHex(sha256.digest(), 0, 16);
    }

    private void update(String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
        sha256.update((byte) (bytes.length >>> 24));
        sha256.update((byte) (bytes.length >>> 16));
        sha256.update((byte) (bytes.length >>> 8));
        sha256.update((byte) bytes.length);
        sha256.update(bytes);
    }
}
