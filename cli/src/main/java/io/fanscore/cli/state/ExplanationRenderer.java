package io.fanscore.cli.state;

import io.fanscore.rules.scoring.PairExplanation;
import io.fanscore.rules.scoring.PointRule;
import io.fanscore.schema.Tier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.StringJoiner;

/** An explanation as plain text for a terminal, or as one JSON object for tools. */
public final class ExplanationRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplanationRenderer() {}

    public static String text(String creator, String fan, PairExplanation.Explanation e) {
        StringJoiner out = new StringJoiner(System.lineSeparator());
        out.add(
                String.format(
                        "creator %s, fan %s, profile %s, as of %s (the last day start applied)",
                        creator, fan, e.profile(), e.day()));
        out.add(
                String.format(
                        "standing: %s, intimacy %d, level %d, %s",
                        e.tier(),
                        e.intimacy(),
                        e.level(),
                        e.following() ? "following" : "not following"));
        out.add(
                String.format(
                        "today: %d of the daily cap %d%s",
                        e.pointsToday(), e.dailyCap(), e.dailyCapReached() ? " (reached)" : ""));
        for (PairExplanation.TypeToday type : e.typesToday()) {
            String cap = type.cap() == PointRule.NO_CAP ? "no cap" : "cap " + type.cap();
            out.add(
                    String.format(
                            "  %-16s %6d  %s%s",
                            type.type(), type.points(), cap, type.capped() ? " (reached)" : ""));
        }
        if (e.ifIdle().isEmpty()) {
            out.add("if idle: nothing changes");
        } else {
            out.add("if idle:");
            for (PairExplanation.IdleStep step : e.ifIdle()) {
                out.add(
                        step.tier() == Tier.NONE
                                ? String.format("  %s %s", step.day(), step.what())
                                : String.format(
                                        "  %s %s: intimacy %d, %s",
                                        step.day(), step.what(), step.intimacy(), step.tier()));
            }
        }
        PairExplanation.NextTier next = e.nextTier();
        if (next == null) {
            out.add("next tier: none, DEVOTED is the top");
        } else {
            String days =
                    next.daysAtDailyCap() < 0
                            ? "the daily caps never get there"
                            : next.daysAtDailyCap()
                                    + (next.daysAtDailyCap() == 1 ? " day" : " days")
                                    + " at the daily cap";
            out.add(
                    String.format(
                            "next tier: %s at intimacy %d: %d more, %s",
                            next.tier(), next.entryThreshold(), next.pointsNeeded(), days));
        }
        return out.toString();
    }

    public static String json(String creator, String fan, PairExplanation.Explanation e) {
        ObjectNode node = JSON.createObjectNode();
        node.put("creator_id", creator);
        node.put("fan_id", fan);
        node.put("profile", e.profile());
        node.put("day", e.day().toString());
        node.put("tier", e.tier().name());
        node.put("intimacy", e.intimacy());
        node.put("level", e.level());
        node.put("following", e.following());
        ObjectNode today = node.putObject("today");
        today.put("points", e.pointsToday());
        today.put("daily_cap", e.dailyCap());
        today.put("daily_cap_reached", e.dailyCapReached());
        ArrayNode types = today.putArray("types");
        for (PairExplanation.TypeToday type : e.typesToday()) {
            ObjectNode t = types.addObject();
            t.put("type", type.type());
            t.put("points", type.points());
            if (type.cap() != PointRule.NO_CAP) {
                t.put("cap", type.cap());
            }
            t.put("cap_reached", type.capped());
        }
        ArrayNode ifIdle = node.putArray("if_idle");
        for (PairExplanation.IdleStep step : e.ifIdle()) {
            ifIdle.addObject()
                    .put("day", step.day().toString())
                    .put("what", step.what())
                    .put("intimacy", step.intimacy())
                    .put("tier", step.tier().name());
        }
        PairExplanation.NextTier next = e.nextTier();
        if (next != null) {
            node.putObject("next_tier")
                    .put("tier", next.tier().name())
                    .put("entry_intimacy", next.entryThreshold())
                    .put("points_needed", next.pointsNeeded())
                    .put("days_at_daily_cap", next.daysAtDailyCap());
        }
        return node.toString();
    }
}
