package com.carbon254.projector.datasets.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.carbon254.projector.ProjectorConfig;
import com.carbon254.projector.datasets.search.SearchClient.SearchResponse;
import com.carbon254.readmodel.DatasetIndex;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.carbon254.projector.datasets.DatasetState;
import com.carbon254.projector.datasets.DatasetAttributes;

import io.smallrye.mutiny.Uni;

/**
 * The search side of the dataset projection: one document per live dataset in the index behind the
 * {@code datasets} alias, document id = datasetId.
 *
 * <p>Every write carries {@code version_type=external} with version = datasetVersion, deletes included, so the
 * node itself refuses to let an older state overwrite a newer one: a redelivered batch, the retry sweeper and a
 * live batch racing on the same dataset all converge on the highest version. A 409 (version conflict) therefore
 * means "already newer" and counts as done.
 */
@ApplicationScoped
public class DatasetSearchProjection {

    private static final Logger LOG = Logger.getLogger(DatasetSearchProjection.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SearchClient search;

    @Inject
    ProjectorConfig config;

    /** The alias the query API reads and the live projection writes. */
    public String alias() {
        return config.search().alias();
    }

    /** The concrete index of a generation, e.g. {@code datasets-v2}. */
    public String indexName(int generation) {
        return DatasetIndex.generation(alias(), generation);
    }

    /**
     * Writes the states to {@code target} (alias or index) with one {@code _bulk} request.
     *
     * @return the versions the index now holds (or holds newer of), by dataset id; states whose item failed are
     *         absent (they stay owed, see {@link SearchBacklog}); fails if the node cannot be reached
     */
    public Uni<Map<String, Long>> index(String target, List<DatasetState> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder body = new StringBuilder(states.size() * 512);
        for (DatasetState state : states) {
            ObjectNode action = JSON.createObjectNode();
            ObjectNode meta = action.putObject(state.deleted() ? "delete" : "index");
            meta.put("_index", target).put("_id", state.id()).put("version", state.version())
                    .put("version_type", "external");
            body.append(action).append('\n');
            if (!state.deleted()) {
                body.append(document(state)).append('\n');
            }
        }
        return search.send("POST", "/_bulk", body.toString(), SearchClient.NDJSON)
                .map(response -> confirmed(response, states));
    }

    private static Map<String, Long> confirmed(SearchResponse response, List<DatasetState> states) {
        if (!response.ok()) {
            throw new SearchWriteException("bulk request refused: HTTP " + response.status() + " " + abbreviate(response.body()));
        }
        JsonNode items = parse(response.body()).path("items");
        Map<String, Long> done = new HashMap<>();
        Iterator<JsonNode> it = items.elements();
        int i = 0;
        while (it.hasNext()) {
            JsonNode item = it.next().elements().next();
            DatasetState state = states.get(i++);
            int status = item.path("status").asInt();
            boolean ok = (status >= 200 && status < 300)
                    || status == 409                      // the index already holds this version or a newer one
                    || (status == 404 && state.deleted()); // nothing to delete
            if (ok) {
                done.merge(state.id(), state.version(), Math::max);
            } else {
                LOG.warnf("search rejected dataset %s version %d: %s", state.id(), state.version(), item.path("error"));
            }
        }
        return done;
    }

    /** The search document of a dataset: its catalog state, camelCase as the query API returns it. */
    public static ObjectNode document(DatasetState state) {
        DatasetAttributes a = state.attributes();
        ObjectNode doc = JSON.createObjectNode();
        doc.put("id", state.id());
        doc.put("version", state.version());
        doc.put("name", a.name());
        doc.put("description", a.description());
        doc.put("owner", a.owner());
        doc.put("format", a.format());
        doc.put("location", a.location());
        a.tags().forEach(doc.putArray("tags")::add);
        if (a.tags().isEmpty()) {
            doc.putArray("tags");
        }
        doc.put("status", a.status());
        doc.set("columns", parse(a.columnsJson()));
        doc.put("createdAt", state.createdAt() == null ? null : state.createdAt().toString());
        doc.put("createdBy", state.createdBy());
        doc.put("updatedAt", state.updatedAt() == null ? null : state.updatedAt().toString());
        doc.put("updatedBy", state.updatedBy());
        return doc;
    }

    /** Creates {@code index} with the dataset mapping unless it exists. */
    public Uni<Void> createIndex(String index) {
        return search.send("HEAD", "/" + index, null).chain(exists -> {
            if (exists.status() == 200) {
                return Uni.createFrom().voidItem();
            }
            return search.send("PUT", "/" + index, DatasetIndex.definition()).map(created -> {
                if (!created.ok() && !created.body().contains("resource_already_exists_exception")) {
                    throw new SearchWriteException("cannot create index " + index + ": " + abbreviate(created.body()));
                }
                return null;
            });
        });
    }

    /** Makes the alias point at {@code index} (creating the index if needed) unless the alias exists already. */
    public Uni<Void> ensureAlias(String index) {
        return search.send("HEAD", "/_alias/" + alias(), null).chain(exists -> {
            if (exists.status() == 200) {
                return Uni.createFrom().voidItem();
            }
            return createIndex(index).chain(() -> switchAlias(index)).replaceWithVoid();
        });
    }

    /**
     * Points the alias at {@code index} alone, in one atomic {@code _aliases} request.
     *
     * @return the indices the alias pointed at before
     */
    public Uni<List<String>> switchAlias(String index) {
        return aliasIndices().chain(previous -> {
            ObjectNode body = JSON.createObjectNode();
            var actions = body.putArray("actions");
            for (String old : previous) {
                if (!old.equals(index)) {
                    actions.addObject().putObject("remove").put("index", old).put("alias", alias());
                }
            }
            actions.addObject().putObject("add").put("index", index).put("alias", alias());
            return search.send("POST", "/_aliases", body.toString()).map(response -> {
                if (!response.ok()) {
                    throw new SearchWriteException("alias switch to " + index + " refused: " + abbreviate(response.body()));
                }
                return previous;
            });
        });
    }

    /** The indices the alias points at (empty if none). */
    public Uni<List<String>> aliasIndices() {
        return search.send("GET", "/_alias/" + alias(), null).map(response -> {
            List<String> indices = new ArrayList<>();
            if (response.status() == 200) {
                parse(response.body()).fieldNames().forEachRemaining(indices::add);
            }
            return indices;
        });
    }

    /** Deletes an index (a retired generation). */
    public Uni<Void> deleteIndex(String index) {
        return search.send("DELETE", "/" + index, null).replaceWithVoid();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null || json.isEmpty() ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new SearchWriteException("unreadable response from the search node: " + abbreviate(json));
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    /** The search node refused a write. */
    public static final class SearchWriteException extends RuntimeException {
        public SearchWriteException(String message) {
            super(message);
        }
    }
}
