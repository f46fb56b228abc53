package dev.pghop.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.pghop.postgres.ClusterInventory;
import dev.pghop.postgres.ClusterInventory.DatabaseInfo;
import dev.pghop.postgres.ClusterInventory.Hazard;
import dev.pghop.postgres.ClusterInventory.LocaleProvider;
import dev.pghop.postgres.ClusterInventory.Login;
import dev.pghop.postgres.ClusterInventory.PublicSchema;
import dev.pghop.postgres.ClusterInventory.RoleInfo;
import dev.pghop.postgres.ClusterInventory.TablespaceInfo;
import dev.pghop.postgres.PgVersion;

/**
 * The old cluster's inventory as kept in the dump's manifest, so `load` can check the new server against what the
 * dump needs (extensions, locales, versions, identity, objects a newer major refuses) without reaching the old
 * server. Tree model, no reflection.
 */
final class InventoryJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private InventoryJson() {
    }

    static ObjectNode write(ClusterInventory inv) {
        ObjectNode n = F.objectNode();
        n.put("version", inv.version().toString());
        n.put("versionText", inv.versionText());
        n.put("systemIdentifier", inv.systemIdentifier());
        ObjectNode login = n.putObject("login");
        login.put("name", inv.login().name());
        login.put("superuser", inv.login().superuser());
        login.put("createRole", inv.login().createRole());
        login.put("createDb", inv.login().createDb());
        n.put("bootstrapRole", inv.bootstrapRole());
        ArrayNode roles = n.putArray("roles");
        inv.roles().forEach(r -> roles.addObject().put("name", r.name()).put("superuser", r.superuser())
                .put("login", r.login()).put("passwordKind", r.passwordKind()));
        ArrayNode dbs = n.putArray("databases");
        for (DatabaseInfo d : inv.databases()) {
            ObjectNode db = dbs.addObject().put("name", d.name()).put("owner", d.owner()).put("encoding", d.encoding())
                    .put("collate", d.collate()).put("ctype", d.ctype()).put("sizeBytes", d.sizeBytes())
                    .put("dataBytes", d.dataBytes());
            d.extensions().forEach(db.putArray("extensions")::add);
            if (d.publicSchema() != null) {
                db.putObject("publicSchema").put("present", d.publicSchema().present())
                        .put("owner", d.publicSchema().owner()).put("acl", d.publicSchema().acl());
            }
            if (d.locale() != null) {
                db.putObject("localeProvider").put("provider", d.locale().provider())
                        .put("locale", d.locale().locale());
            }
        }
        ArrayNode spaces = n.putArray("tablespaces");
        inv.tablespaces().forEach(t -> spaces.addObject().put("name", t.name()).put("location", t.location()));
        ArrayNode hazards = n.putArray("hazards");
        inv.hazards().forEach(h -> hazards.addObject().put("kind", h.kind()).put("database", h.database())
                .put("object", h.object()).put("detail", h.detail()).put("fix", h.fix()));
        return n;
    }

    static ClusterInventory read(JsonNode n) throws IOException {
        if (n == null || !n.isObject()) {
            throw new IOException("no \"source\" inventory");
        }
        String[] version = text(n, "version").split("\\.");
        JsonNode l = n.path("login");
        List<RoleInfo> roles = new ArrayList<>();
        n.path("roles").forEach(r -> roles.add(new RoleInfo(r.path("name").asText(), r.path("superuser").asBoolean(),
                r.path("login").asBoolean(), r.path("passwordKind").asText("unknown"))));
        List<DatabaseInfo> dbs = new ArrayList<>();
        n.path("databases").forEach(d -> {
            List<String> extensions = new ArrayList<>();
            d.path("extensions").forEach(e -> extensions.add(e.asText()));
            JsonNode p = d.path("publicSchema");
            PublicSchema publicSchema = !p.isObject() ? null : new PublicSchema(p.path("present").asBoolean(),
                    p.path("owner").textValue(), p.path("acl").textValue());
            JsonNode lp = d.path("localeProvider");
            LocaleProvider locale = !lp.isObject() ? null
                    : new LocaleProvider(lp.path("provider").asText(), lp.path("locale").textValue());
            dbs.add(new DatabaseInfo(d.path("name").asText(), d.path("owner").asText(), d.path("encoding").asText(),
                    d.path("collate").asText(), d.path("ctype").asText(), d.path("sizeBytes").asLong(),
                    d.path("dataBytes").asLong(), extensions, List.of(), 0, publicSchema, locale));
        });
        List<TablespaceInfo> spaces = new ArrayList<>();
        n.path("tablespaces").forEach(t -> spaces.add(new TablespaceInfo(t.path("name").asText(),
                t.path("location").asText())));
        List<Hazard> hazards = new ArrayList<>();
        n.path("hazards").forEach(h -> hazards.add(new Hazard(h.path("kind").asText(), h.path("database").textValue(),
                h.path("object").asText(), h.path("detail").asText(), h.path("fix").asText())));
        try {
            return new ClusterInventory(new PgVersion(Integer.parseInt(version[0]), Integer.parseInt(version[1])),
                    text(n, "versionText"), n.path("systemIdentifier").isTextual() ? n.get("systemIdentifier").asText()
                            : null,
                    new Login(l.path("name").asText(), l.path("superuser").asBoolean(), l.path("createRole").asBoolean(),
                            l.path("createDb").asBoolean()),
                    n.path("bootstrapRole").asText(), roles, dbs, spaces, new LinkedHashSet<>(),
                    new LinkedHashSet<>(), hazards, Set.of(), Set.of(), Set.of());
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("malformed \"version\" in the source inventory", e);
        }
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("the source inventory has no \"" + field + "\"");
        }
        return v.asText();
    }
}
