package io.fanscore.jobs.testutils;

import io.fanscore.connectors.avro.DecodeException;
import io.fanscore.connectors.avro.SingleObjectCodec;
import io.fanscore.jobs.ingest.InteractionValidator;
import io.fanscore.rules.scoring.InputLimits;
import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;

/**
 * Records a careless or hostile producer sends: random bytes, truncated or bit-flipped encodings,
 * unknown fingerprints, and well-formed records with missing, unknown or absurd values. Every
 * record it returns is one the job must reject; mutations that happen to decode into a valid event
 * are drawn again.
 */
public final class HostileRecords {

    private final Random random;
    private final SingleObjectCodec<InteractionEvent> codec =
            new SingleObjectCodec<>(InteractionEvent.class);
    private final InteractionValidator validator = new InteractionValidator(InputLimits.defaults());

    public HostileRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A record to reject, built from (a copy of) {@code valid}. */
    public byte[] next(InteractionEvent valid) {
        while (true) {
            byte[] candidate = mutate(InteractionEvent.newBuilder(valid).build());
            if (isRejected(candidate)) {
                return candidate;
            }
        }
    }

    private byte[] mutate(InteractionEvent event) {
        byte[] encoded = codec.encode(event);
        switch (random.nextInt(9)) {
            case 0 -> {
                byte[] noise = new byte[1 + random.nextInt(64)];
                random.nextBytes(noise);
                return noise;
            }
            case 1 -> {
                return Arrays.copyOf(encoded, random.nextInt(encoded.length));
            }
            case 2 -> {
                byte[] flipped = encoded.clone();
                int bit = random.nextInt(flipped.length * 8);
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                return flipped;
            }
            case 3 -> {
                byte[] otherFingerprint = encoded.clone();
                otherFingerprint[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
                return otherFingerprint;
            }
            case 4 -> {
                event.setAmountCents(
                        random.nextBoolean() ? -1L - random.nextInt(1000) : 20_000_000_000L);
                return codec.encode(event);
            }
            case 5 -> {
                event.setFanId("f".repeat(129 + random.nextInt(10_000)));
                return codec.encode(event);
            }
            case 6 -> {
                switch (random.nextInt(4)) {
                    case 0 -> event.setEventId("");
                    case 1 -> event.setCreatorId(null);
                    case 2 -> event.setType(null);
                    default -> event.setEventTime(null);
                }
                return codec.encode(event);
            }
            case 7 -> {
                // Rejected for its missing fan, but with a far-future time: must not move the
                // watermark, or every valid event after it would be late.
                event.setFanId("");
                event.setEventTime(Instant.parse("3000-01-01T00:00:00Z"));
                return codec.encode(event);
            }
            default -> {
                if (random.nextBoolean()) {
                    event.setType(InteractionType.UNKNOWN);
                } else {
                    event.setEventTime(Instant.parse("2009-06-01T00:00:00Z"));
                }
                return codec.encode(event);
            }
        }
    }

    private boolean isRejected(byte[] bytes) {
        try {
            return validator.check(codec.decode(bytes)) != null;
        } catch (DecodeException e) {
            return true;
        }
    }
}
