package io.fanscore.cli.demo;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Fans with a story over the simulated weeks, besides the random traffic: <b>loyal</b> fans follow
 * their creator and do a full day's worth (the 420-point daily cap) every day of the time-lapse, so
 * after 31 days they are DEVOTED (SPEC §2, §5); <b>lapsing</b> fans do the same for three days,
 * reach FAVORABLE, then stop, so that after a week of idleness decay takes them back down to CASUAL
 * (SPEC §4). Their days start at the profile zone's midnight, and every event is stamped with the
 * tick it goes out on, so that no partition goes back in time.
 */
final class FanRoutines {

    /** The general profile's zone: routines fall on its calendar days. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final int LAPSING_ACTIVE_DAYS = 3;

    /**
     * A lapsing fan's FAVORABLE (1 260 points) decays below its relaxed threshold (900) 8 + 17 days
     * after its last active day; later starters would not drop within the time-lapse.
     */
    static final int LAPSING_DAYS_TO_DROP = 28;

    private static final Duration DAY = Duration.ofDays(1);

    /** One planned interaction, due at {@code dueAt}. */
    private record Planned(
            long dueAt,
            long sequence,
            String fanId,
            String creatorId,
            InteractionType type,
            Integer watchSeconds,
            Long amountCents) {}

    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Planned> planned =
            new PriorityQueue<>(
                    Comparator.comparingLong(Planned::dueAt).thenComparingLong(Planned::sequence));
    private long sequence;
    private long emitted;

    /**
     * Plans the routines of {@code loyalFans} and {@code lapsingFans} over the days of [start,
     * end), their creators drawn from {@code creators}.
     */
    FanRoutines(
            long seed,
            SplittableRandom random,
            ZipfSampler creators,
            int loyalFans,
            int lapsingFans,
            long start,
            long end) {
        this.seed = seed;
        this.random = random;
        long firstDay = LocalDate.ofInstant(Instant.ofEpochMilli(start), ZONE).toEpochDay();
        long lastDay = LocalDate.ofInstant(Instant.ofEpochMilli(end), ZONE).toEpochDay();
        for (int i = 1; i <= loyalFans; i++) {
            String creator = WorkloadGenerator.creatorId(creators.rankAt(random.nextDouble()));
            planFan(loyalId(i), creator, firstDay, lastDay, start, end, true);
        }
        long latestStart = Math.max(firstDay, lastDay - LAPSING_DAYS_TO_DROP);
        for (int i = 1; i <= lapsingFans; i++) {
            String creator = WorkloadGenerator.creatorId(creators.rankAt(random.nextDouble()));
            long first = firstDay + random.nextLong(latestStart - firstDay + 1);
            planFan(
                    lapsingId(i),
                    creator,
                    first,
                    Math.min(lastDay, first + LAPSING_ACTIVE_DAYS - 1),
                    start,
                    end,
                    false);
        }
    }

    static String loyalId(int i) {
        return "fan-loyal-" + i;
    }

    static String lapsingId(int i) {
        return "fan-lapsing-" + i;
    }

    private void planFan(
            String fanId,
            String creatorId,
            long firstDay,
            long lastDay,
            long start,
            long end,
            boolean follows) {
        boolean followed = !follows;
        for (long day = firstDay; day <= lastDay; day++) {
            long dayStart = LocalDate.ofEpochDay(day).atStartOfDay(ZONE).toInstant().toEpochMilli();
            // An evening's session, an hour long, somewhere between 08:00 and 22:00.
            long at = dayStart + Duration.ofHours(8).toMillis() + random.nextLong(14 * 3_600_000L);
            if (at < start || at + 3_600_000L >= end) {
                continue;
            }
            if (!followed) {
                plan(at, fanId, creatorId, InteractionType.FOLLOW, null, null);
                plan(at, fanId, creatorId, InteractionType.JOIN_FAN_CLUB, null, null);
                followed = true;
            }
            planSession(at, fanId, creatorId);
        }
    }

    /** 60 for half an hour watched, 100 for five shares, a gift of 260 or more: the 420 cap. */
    private void planSession(long at, String fanId, String creatorId) {
        plan(at, fanId, creatorId, InteractionType.WATCH_LIVE, 1_800 + random.nextInt(1_800), null);
        for (int share = 1; share <= 5; share++) {
            plan(at + share * 300_000L, fanId, creatorId, InteractionType.SHARE, null, null);
        }
        long gift = 2_600 + 100L * random.nextInt(25);
        plan(at + DAY.toMillis() / 24 - 60_000, fanId, creatorId, InteractionType.GIFT, null, gift);
    }

    private void plan(
            long at,
            String fanId,
            String creatorId,
            InteractionType type,
            Integer watchSeconds,
            Long amountCents) {
        planned.add(new Planned(at, sequence++, fanId, creatorId, type, watchSeconds, amountCents));
    }

    /** The planned interactions due by {@code now}, stamped {@code now}. */
    List<InteractionEvent> advanceTo(long now) {
        List<InteractionEvent> due = new ArrayList<>(0);
        while (!planned.isEmpty() && planned.peek().dueAt() <= now) {
            Planned next = planned.poll();
            InteractionEvent.Builder event =
                    InteractionEvent.newBuilder()
                            .setEventId("demo-" + seed + "-routine-" + emitted++)
                            .setCreatorId(next.creatorId())
                            .setFanId(next.fanId())
                            .setType(next.type())
                            .setEventTime(Instant.ofEpochMilli(now))
                            .setSourceDomain(SourceDomain.PUBLIC);
            if (next.watchSeconds() != null) {
                event.setWatchSeconds(next.watchSeconds());
            }
            if (next.amountCents() != null) {
                event.setAmountCents(next.amountCents());
            }
            due.add(event.build());
        }
        return due;
    }
}
