package io.fanscore.jobs.metrics;

import io.fanscore.schema.InteractionEvent;
import io.fanscore.schema.InteractionType;
import io.fanscore.schema.SourceDomain;
import io.fanscore.schema.Tier;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The playbook's fan-value measures, counted where events are applied: gift and purchase amounts by
 * the tier the fan held when they came (so the share of each layer can be computed), live watch
 * seconds by tier and traffic domain, and fans who bought from a creator a second time (repeat
 * purchasers). Labels are bounded enums; a creator label only for the creators allowlisted in
 * {@code metrics.creators}. Prometheus names: {@code …_fanscore_tier_type_amount_cents}, {@code
 * …_fanscore_tier_domain_watch_seconds}, {@code …_fanscore_repeat_purchasers}, and the same under
 * {@code …_fanscore_creator_…} for allowlisted creators.
 */
public final class FanValueMetrics {

    /** Where source_domain is missing. */
    static final String UNKNOWN_DOMAIN = "UNKNOWN";

    private final MetricGroup group;
    private final Counter[][] amounts = new Counter[Tier.values().length][2];
    private final Counter[][] watch =
            new Counter[Tier.values().length][SourceDomain.values().length + 1];
    private Counter repeatPurchasers;
    private final Set<String> allowlisted;
    private final Map<String, FanValueMetrics> byCreator = new HashMap<>();

    public FanValueMetrics(MetricGroup operatorGroup, Set<String> allowlisted) {
        this(operatorGroup.addGroup("fanscore"), allowlisted, true);
    }

    private FanValueMetrics(MetricGroup fanscoreGroup, Set<String> allowlisted, boolean totals) {
        this.group = fanscoreGroup;
        this.allowlisted = totals ? allowlisted : Set.of();
    }

    /**
     * An event applied to a pair of {@code creator}.
     *
     * @param tier the tier the fan held when the event came, before its points
     * @param purchasesBefore the pair's purchases before the event; {@code purchasesAfter} after
     */
    public void applied(
            String creator,
            InteractionEvent event,
            Tier tier,
            int purchasesBefore,
            int purchasesAfter) {
        count(event, tier, purchasesBefore, purchasesAfter);
        if (allowlisted.contains(creator)) {
            byCreator
                    .computeIfAbsent(
                            creator,
                            c -> new FanValueMetrics(group.addGroup("creator", c), Set.of(), false))
                    .count(event, tier, purchasesBefore, purchasesAfter);
        }
    }

    private void count(InteractionEvent event, Tier tier, int purchasesBefore, int purchasesAfter) {
        InteractionType type = event.getType();
        if (type == InteractionType.GIFT || type == InteractionType.PURCHASE) {
            Long cents = event.getAmountCents();
            if (cents != null && cents > 0) {
                amount(tier, type).inc(cents);
            }
        } else if (type == InteractionType.WATCH_LIVE) {
            Integer seconds = event.getWatchSeconds();
            if (seconds != null && seconds > 0) {
                watch(tier, event.getSourceDomain()).inc(seconds);
            }
        }
        if (purchasesBefore < 2 && purchasesAfter >= 2) {
            if (repeatPurchasers == null) {
                repeatPurchasers = group.counter("repeat_purchasers");
            }
            repeatPurchasers.inc();
        }
    }

    private Counter amount(Tier tier, InteractionType type) {
        int column = type == InteractionType.GIFT ? 0 : 1;
        Counter counter = amounts[tier.ordinal()][column];
        if (counter == null) {
            counter =
                    group.addGroup("tier", tier.name())
                            .addGroup("type", type.name())
                            .counter("amount_cents");
            amounts[tier.ordinal()][column] = counter;
        }
        return counter;
    }

    private Counter watch(Tier tier, SourceDomain domain) {
        int column = domain == null ? SourceDomain.values().length : domain.ordinal();
        Counter counter = watch[tier.ordinal()][column];
        if (counter == null) {
            counter =
                    group.addGroup("tier", tier.name())
                            .addGroup("domain", domain == null ? UNKNOWN_DOMAIN : domain.name())
                            .counter("watch_seconds");
            watch[tier.ordinal()][column] = counter;
        }
        return counter;
    }
}
