package io.fanscore.cli.state;

import io.fanscore.connectors.json.JsonRecords;
import io.fanscore.jobs.scoring.PairScoringOperator;
import io.fanscore.rules.scoring.ProfileSchedule;
import io.fanscore.state.PairState;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Reads the scorer's per-pair state out of a savepoint (or retained checkpoint) with Flink's State
 * Processor API, as JSON lines: {@code {"creator_id":..,"fan_id":..,"state":{PairState}}}. The
 * operator uid, key type and state descriptor are those of the job's {@code bucket-scoring}
 * operator; the state is read with the job's own pair state serializer, which also reads (and
 * migrates) state written by an earlier release.
 */
public final class PairStateDump {

    public static final String SCORER_UID = "bucket-scoring";
    public static final String PAIR_STATE = PairScoringOperator.PAIR_STATE;

    /** The scorer's key: a creator and one bucket of its fans. */
    private static final TypeInformation<Tuple2<String, Integer>> BUCKET_KEY =
            Types.TUPLE(Types.STRING, Types.INT);

    /** Which pairs to print; a null creator or fan matches any. */
    public record Filter(String creator, String fan) implements Serializable {
        boolean matches(String creatorId, String fanId) {
            return (creator == null || creator.equals(creatorId))
                    && (fan == null || fan.equals(fanId));
        }
    }

    private PairStateDump() {}

    /**
     * One pair as the job saved it, with its creator's runtime profile switches (day start →
     * profile name; empty when the creator has none).
     */
    public record Pair(
            String creatorId,
            String fanId,
            PairState state,
            NavigableMap<Long, String> profileSwitches) {}

    /** Sends one JSON line per matching pair to {@code out}; returns how many. */
    public static long dump(String savepointUri, Filter filter, Consumer<String> out)
            throws Exception {
        long[] count = {0};
        read(
                savepointUri,
                filter,
                line -> {
                    out.accept(line);
                    count[0]++;
                });
        return count[0];
    }

    /** The matching pairs, decoded. */
    public static List<Pair> pairs(String savepointUri, Filter filter) throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, String> switches = read(savepointUri, filter, lines::add);
        ObjectMapper json = new ObjectMapper();
        List<Pair> pairs = new ArrayList<>();
        for (String line : lines) {
            JsonNode pair = json.readTree(line);
            String creatorId = pair.get("creator_id").asText();
            String encoded = switches.get(creatorId);
            pairs.add(
                    new Pair(
                            creatorId,
                            pair.get("fan_id").asText(),
                            JsonRecords.fromJson(pair.get("state").toString(), PairState.class),
                            encoded == null
                                    ? new TreeMap<>()
                                    : ProfileSchedule.profilesOf(encoded)));
        }
        return pairs;
    }

    /** Sends the matching pairs' lines to {@code out}; returns the profile switches it read. */
    private static Map<String, String> read(
            String savepointUri, Filter filter, Consumer<String> out) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SavepointReader savepoint =
                SavepointReader.read(env, savepointUri, new EmbeddedRocksDBStateBackend());
        Map<String, String> switches = profileSwitches(savepoint);
        try (CloseableIterator<String> lines =
                savepoint
                        .readKeyedState(
                                OperatorIdentifier.forUid(SCORER_UID),
                                new PairStateReader(filter, switches),
                                BUCKET_KEY,
                                Types.STRING)
                        .filter(line -> !line.isEmpty())
                        .returns(Types.STRING)
                        .executeAndCollect("fanscore state: " + savepointUri)) {
            lines.forEachRemaining(out);
        }
        return switches;
    }

    /** The scorer's runtime profile assignments: creator → its switches, as the job saved them. */
    private static Map<String, String> profileSwitches(SavepointReader savepoint) throws Exception {
        Map<String, String> switches = new HashMap<>();
        // A savepoint from before runtime assignments reads as none: Flink opens the state empty.
        try (CloseableIterator<Tuple2<String, String>> saved =
                savepoint
                        .readBroadcastState(
                                OperatorIdentifier.forUid(SCORER_UID),
                                PairScoringOperator.PROFILE_SWITCHES,
                                Types.STRING,
                                Types.STRING)
                        .executeAndCollect("fanscore state: profile assignments")) {
            saved.forEachRemaining(entry -> switches.put(entry.f0, entry.f1));
        }
        return switches;
    }

    /**
     * The state of each pair of a bucket as JSON lines, or an empty line for a bucket none of whose
     * pairs the filter takes: the reader must emit something for every key, as a key without output
     * ends the reading of its split.
     */
    static final class PairStateReader
            extends KeyedStateReaderFunction<Tuple2<String, Integer>, String> {

        private final Filter filter;
        private final HashMap<String, String> profileSwitches;
        private transient MapState<String, PairState> pairs;
        private transient ObjectMapper json;

        PairStateReader(Filter filter, Map<String, String> profileSwitches) {
            this.filter = filter;
            this.profileSwitches = new HashMap<>(profileSwitches);
        }

        @Override
        public void open(OpenContext context) {
            pairs = getRuntimeContext().getMapState(PairScoringOperator.pairStateDescriptor());
            json = new ObjectMapper();
        }

        @Override
        public void readKey(Tuple2<String, Integer> key, Context context, Collector<String> out)
                throws Exception {
            boolean any = false;
            if (filter.creator() == null || filter.creator().equals(key.f0)) {
                for (Map.Entry<String, PairState> pair : pairs.entries()) {
                    if (filter.matches(key.f0, pair.getKey())) {
                        ObjectNode line = json.createObjectNode();
                        line.put("creator_id", key.f0);
                        line.put("fan_id", pair.getKey());
                        line.set("state", json.readTree(JsonRecords.toJson(pair.getValue())));
                        String switches = profileSwitches.get(key.f0);
                        if (switches != null) {
                            line.set("profile_switches", switchesJson(switches));
                        }
                        out.collect(json.writeValueAsString(line));
                        any = true;
                    }
                }
            }
            if (!any) {
                out.collect("");
            }
        }

        /** The creator's runtime assignments: from which day start which profile. */
        private ArrayNode switchesJson(String encoded) {
            ArrayNode list = json.createArrayNode();
            ProfileSchedule.profilesOf(encoded)
                    .forEach(
                            (from, profile) ->
                                    list.addObject()
                                            .put("from", Instant.ofEpochMilli(from).toString())
                                            .put("profile", profile));
            return list;
        }
    }
}
