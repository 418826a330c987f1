package io.fanscore.jobs.packages;

import io.fanscore.packageformat.IdFormat;
import io.fanscore.rules.packages.PackageCatalog;
import io.fanscore.rules.packages.PackageControls;
import io.fanscore.rules.packages.PackageDefinition;
import io.fanscore.schema.Tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PackageBookTest {

    private static final PackageDefinition DEVOTED_OF_C1 = definition("devoted", "c1", "s1");

    private final PackageBook book =
            new PackageBook(
                    new PackageCatalog(
                            List.of(DEVOTED_OF_C1),
                            Map.of("s1", "salt-one", "s2", "salt-two"),
                            Duration.ofHours(1),
                            true));

    @Test
    void theCatalogIsInForceByCreator() {
        assertThat(book.of("c1")).containsExactly(DEVOTED_OF_C1);
        assertThat(book.of("c2")).isEmpty();
        assertThat(book.isEmpty()).isFalse();
    }

    @Test
    void anUpsertAddsOrRedefinesAndSaysWhatWasBefore() {
        PackageDefinition fresh = definition("fresh", "c2", "s1");
        assertThat(book.apply(PackageControls.upsert(fresh)))
                .hasValue(new PackageBook.Applied(null, fresh));
        assertThat(book.of("c2")).containsExactly(fresh);

        PackageDefinition wider =
                new PackageDefinition(
                        "devoted",
                        "c1",
                        EnumSet.of(Tier.FAVORABLE, Tier.DEVOTED),
                        0,
                        false,
                        IdFormat.SHA256,
                        "s1",
                        0);
        assertThat(book.apply(PackageControls.upsert(wider)))
                .hasValue(new PackageBook.Applied(DEVOTED_OF_C1, wider));
        assertThat(book.inForceNow()).containsExactlyInAnyOrder(fresh, wider);
    }

    @Test
    void aRemovedIdIsRetiredAndNeitherCreatorNorSaltMayChange() {
        assertThat(book.apply(PackageControls.upsert(definition("devoted", "c2", "s1")))).isEmpty();
        assertThat(book.apply(PackageControls.upsert(definition("devoted", "c1", "s2")))).isEmpty();

        assertThat(book.apply(PackageControls.remove("devoted")))
                .hasValue(new PackageBook.Applied(DEVOTED_OF_C1, null));
        assertThat(book.of("c1")).isEmpty();
        assertThat(book.apply(PackageControls.upsert(DEVOTED_OF_C1))).isEmpty();
        assertThat(book.isEmpty()).isTrue();
    }

    @Test
    void aRestoredBookHasTheChangesAcceptedBefore() {
        PackageDefinition fresh = definition("fresh", "c2", "s1");
        book.apply(PackageControls.upsert(fresh));
        book.apply(PackageControls.remove("devoted"));

        PackageBook restored =
                new PackageBook(
                        new PackageCatalog(
                                List.of(DEVOTED_OF_C1),
                                Map.of("s1", "salt-one"),
                                Duration.ofHours(1),
                                true));
        restored.restore(book.changes().entrySet());
        assertThat(restored.inForceNow()).containsExactly(fresh);
        assertThat(restored.apply(PackageControls.upsert(DEVOTED_OF_C1))).isEmpty();
    }

    private static PackageDefinition definition(String id, String creator, String salt) {
        return new PackageDefinition(
                id, creator, EnumSet.of(Tier.DEVOTED), 0, false, IdFormat.SHA256, salt, 0);
    }
}
