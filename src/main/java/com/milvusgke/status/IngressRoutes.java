package com.milvusgke.status;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The Services an Ingress routes to, by path, as its spec says. */
record IngressRoutes(String path, String service, String port) {

    static List<IngressRoutes> of(JsonObject ingress) {
        var routes = new ArrayList<IngressRoutes>();
        Json.object(ingress, "spec", "defaultBackend", "service").ifPresent(s -> routes.add(route("(default)", s)));
        for (var rule : Json.array(ingress, "spec", "rules")) {
            for (var path : Json.array(rule, "http", "paths")) {
                Json.object(path, "backend", "service").ifPresent(s -> {
                    var route = route(Json.string(path, "path").orElse("/"), s);
                    if (routes.stream().noneMatch(r -> r.service.equals(route.service) && r.port.equals(route.port))) {
                        routes.add(route);
                    }
                });
            }
        }
        return routes;
    }

    private static IngressRoutes route(String path, JsonObject service) {
        var port = Json.string(service, "port", "number").or(() -> Json.string(service, "port", "name")).orElse("");
        return new IngressRoutes(path, Json.string(service, "name").orElse(""), port);
    }
}
