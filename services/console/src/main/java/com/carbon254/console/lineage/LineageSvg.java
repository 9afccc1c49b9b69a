package com.carbon254.console.lineage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.resteasy.reactive.ClientWebApplicationException;

import com.carbon254.console.clients.QueryApi;
import com.carbon254.console.clients.QueryModels.LineageEdge;
import com.carbon254.console.clients.QueryModels.LineageGraph;
import com.carbon254.console.clients.QueryModels.LineageNode;

import io.smallrye.mutiny.Uni;

/**
 * The lineage around a dataset as an SVG picture: upstream datasets in columns to the left (one column per distance),
 * the dataset in the middle, downstream ones to the right; an arrow per edge, labelled with its job. Drawn on the
 * server: the page needs no graph library.
 */
public final class LineageSvg {

    private static final int COLUMN = 230;
    private static final int ROW = 56;
    private static final int BOX_W = 190;
    private static final int BOX_H = 34;
    private static final int MARGIN = 20;

    private LineageSvg() {
    }

    /** Upstream and downstream graphs (either empty when the query API knows no edge) and their picture. */
    public record Neighbourhood(LineageGraph upstream, LineageGraph downstream, String svg) {
    }

    /** Both directions of the dataset's lineage up to {@code depth}, drawn. */
    public static Uni<Neighbourhood> neighbourhood(QueryApi query, String dataset, int depth) {
        return Uni.combine().all()
                .unis(graph(query, dataset, "upstream", depth), graph(query, dataset, "downstream", depth))
                .with((up, down) -> new Neighbourhood(up, down, draw(dataset, up, down)));
    }

    /** The neighbourhood within 2 edges, as the dataset page shows it. */
    public static Uni<Neighbourhood> neighbourhood(QueryApi query, String dataset) {
        return neighbourhood(query, dataset, 2);
    }

    /** A dataset without lineage is a 404 of the query API: an empty graph here. */
    private static Uni<LineageGraph> graph(QueryApi query, String dataset, String direction, int depth) {
        return query.lineage(dataset, direction, depth)
                .onFailure(e -> e instanceof ClientWebApplicationException c && c.getResponse().getStatus() == 404)
                .recoverWithItem(new LineageGraph(dataset, direction, depth, List.of(new LineageNode(dataset, 0)),
                        List.of()));
    }

    /** The picture: columns by signed distance (upstream negative), the dataset at 0. */
    static String draw(String dataset, LineageGraph upstream, LineageGraph downstream) {
        Map<Integer, List<String>> columns = new TreeMap<>();
        Map<String, Integer> columnOf = new LinkedHashMap<>();
        place(columns, columnOf, dataset, 0);
        upstream.nodes().stream().sorted(Comparator.comparing(LineageNode::name))
                .forEach(n -> place(columns, columnOf, n.name(), -n.distance()));
        downstream.nodes().stream().sorted(Comparator.comparing(LineageNode::name))
                .forEach(n -> place(columns, columnOf, n.name(), n.distance()));
        int minColumn = columns.keySet().stream().min(Integer::compare).orElse(0);
        int rows = columns.values().stream().mapToInt(List::size).max().orElse(1);
        int width = columns.size() * COLUMN + 2 * MARGIN;
        int height = rows * ROW + 2 * MARGIN;

        Map<String, int[]> position = new LinkedHashMap<>();
        columns.forEach((column, names) -> {
            int x = MARGIN + (column - minColumn) * COLUMN;
            int offset = (rows - names.size()) * ROW / 2;
            for (int i = 0; i < names.size(); i++) {
                position.put(names.get(i), new int[] { x, MARGIN + offset + i * ROW });
            }
        });

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\"><title>Lineage of ").append(escape(dataset)).append("</title>")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                        + "fill=\"#6b7a90\"/></marker></defs>");
        List<LineageEdge> edges = new ArrayList<>(upstream.edges());
        edges.addAll(downstream.edges());
        edges.stream().distinct().forEach(edge -> {
            int[] from = position.get(edge.source());
            int[] to = position.get(edge.target());
            if (from != null && to != null) {
                int x1 = from[0] + BOX_W;
                int y1 = from[1] + BOX_H / 2;
                int x2 = to[0];
                int y2 = to[1] + BOX_H / 2;
                svg.append("<g class=\"edge\" data-source=\"").append(escape(edge.source())).append("\" data-target=\"")
                        .append(escape(edge.target())).append("\"><line x1=\"").append(x1).append("\" y1=\"")
                        .append(y1).append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                        .append("\" stroke=\"#6b7a90\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>");
                if (edge.jobName() != null) {
                    svg.append("<text x=\"").append((x1 + x2) / 2).append("\" y=\"").append((y1 + y2) / 2 - 4)
                            .append("\" font-size=\"10\" text-anchor=\"middle\" fill=\"#6b7a90\">")
                            .append(escape(edge.jobName())).append("</text>");
                }
                svg.append("</g>");
            }
        });
        position.forEach((name, at) -> {
            boolean self = name.equals(dataset);
            svg.append("<g class=\"node\" data-name=\"").append(escape(name)).append("\"><rect x=\"").append(at[0])
                    .append("\" y=\"").append(at[1]).append("\" width=\"").append(BOX_W).append("\" height=\"")
                    .append(BOX_H).append("\" rx=\"6\" fill=\"").append(self ? "#dbe8ff" : "#f4f6f9")
                    .append("\" stroke=\"").append(self ? "#3f6fd8" : "#b8c2d0").append("\"/><a href=\"/lineage/")
                    .append(escape(urlPath(name))).append("\"><text x=\"").append(at[0] + BOX_W / 2).append("\" y=\"")
                    .append(at[1] + BOX_H / 2 + 4).append("\" font-size=\"12\" text-anchor=\"middle\" fill=\"#1d2733\">")
                    .append(escape(name)).append("</text></a></g>");
        });
        return svg.append("</svg>").toString();
    }

    private static void place(Map<Integer, List<String>> columns, Map<String, Integer> columnOf, String name,
            int column) {
        if (!columnOf.containsKey(name)) {
            columnOf.put(name, column);
            columns.computeIfAbsent(column, c -> new ArrayList<>()).add(name);
        }
    }

    private static String urlPath(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
