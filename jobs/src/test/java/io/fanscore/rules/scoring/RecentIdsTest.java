package io.fanscore.rules.scoring;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecentIdsTest {

    @Test
    void behavesAsAMapOfIdsToTimesUnderRandomPutsRemovesAndForgetting() {
        Random random = new Random(7);
        RecentIds ids = new RecentIds(1);
        Map<String, Long> expected = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            String id = "e" + random.nextInt(40);
            long time = random.nextInt(1_000);
            switch (random.nextInt(4)) {
                case 0, 1 -> assertThat(ids.put(id, time)).isEqualTo(expected.put(id, time));
                case 2 -> assertThat(ids.remove(id)).isEqualTo(expected.remove(id));
                default -> {
                    long oldestKept = random.nextInt(300);
                    ids.forgetAtOrBefore(oldestKept);
                    expected.values().removeIf(t -> t <= oldestKept);
                }
            }
            assertThat(ids.get(id)).isEqualTo(expected.get(id));
            assertThat(ids.size()).isEqualTo(expected.size());
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void iteratesInTheOrderIdsWereFirstPutAndRemovesThroughItsIterator() {
        RecentIds ids = new RecentIds();
        ids.put("c", 3L);
        ids.put("a", 1L);
        ids.put("b", 2L);
        ids.put("a", 4L); // a new time keeps the place
        assertThat(ids.keySet()).containsExactly("c", "a", "b");

        for (Iterator<Long> times = ids.values().iterator(); times.hasNext(); ) {
            if (times.next() == 4L) {
                times.remove();
            }
        }
        assertThat(ids).containsExactly(Map.entry("c", 3L), Map.entry("b", 2L));
    }
}
