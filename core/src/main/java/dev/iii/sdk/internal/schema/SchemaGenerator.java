package dev.iii.sdk.internal.schema;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One schema derivation (not thread-safe; {@link JsonSchemas} makes a new one per call). Generic type arguments are
 * resolved with Jackson's {@link TypeFactory}, so {@code Page<Order>} describes orders.
 *
 * <p>Recursion: a bean type met again while it is still being expanded is referenced instead of expanded: the root
 * type as {@code {"$ref":"#"}}, any other as {@code {"$ref":"#/$defs/Name"}} with its schema stored once under
 * {@code $defs}. Types that grow on every level ({@code record R<T>(R<List<T>> next)}) would never repeat, so a
 * depth cap ends them with {@code {}} (anything).
 */
final class SchemaGenerator {
  private static final int MAX_DEPTH = 48;
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ObjectNode defs = F.objectNode();
  /** Canonical type -> its $defs name, for bean types found to be recursive. */
  private final Map<String, String> defNames = new HashMap<>();
  private final Set<String> usedDefNames = new HashSet<>();
  private final Set<String> inProgress = new HashSet<>();
  private String rootKey;
  private int depth;

  ObjectNode generate(Type type) {
    JavaType root = TYPES.constructType(type);
    rootKey = root.toCanonical();
    ObjectNode schema = schema(root);
    if (!defs.isEmpty()) {
      schema.set("$defs", defs);
    }
    return schema;
  }

  private ObjectNode schema(JavaType t) {
    if (depth >= MAX_DEPTH) {
      return F.objectNode();
    }
    depth++;
    try {
      return schemaOf(t);
    } finally {
      depth--;
    }
  }

  private ObjectNode schemaOf(JavaType t) {
    Class<?> raw = t.getRawClass();
    ObjectNode leaf = ScalarSchemas.forClass(raw);
    if (leaf != null) {
      return leaf;
    }
    if (raw == Optional.class) {
      return schema(t.containedTypeOrUnknown(0));
    }
    if (raw.isEnum() || (raw.getSuperclass() != null && raw.getSuperclass().isEnum())) {
      return enumSchema(raw.isEnum() ? raw : raw.getSuperclass());
    }
    if (t.isArrayType() || t.isCollectionLikeType()) {
      ObjectNode s = F.objectNode().put("type", "array");
      s.set("items", schema(t.getContentType()));
      if (Set.class.isAssignableFrom(raw)) {
        s.put("uniqueItems", true);
      }
      return s;
    }
    if (t.isMapLikeType()) {
      // Keys become JSON member names whatever their Java type (Jackson writes enum/number keys as strings).
      ObjectNode s = F.objectNode().put("type", "object");
      s.set("additionalProperties", schema(t.getContentType()));
      return s;
    }
    // Before Iterable: JsonNode is Iterable<JsonNode> but stands for any JSON value.
    if (JsonNode.class.isAssignableFrom(raw)) {
      if (ObjectNode.class.isAssignableFrom(raw)) {
        return F.objectNode().put("type", "object");
      }
      if (ArrayNode.class.isAssignableFrom(raw)) {
        return F.objectNode().put("type", "array");
      }
      return F.objectNode();
    }
    if (Iterable.class.isAssignableFrom(raw)) {
      JavaType iterable = t.findSuperType(Iterable.class);
      ObjectNode s = F.objectNode().put("type", "array");
      s.set("items", schema(iterable == null ? TYPES.constructType(Object.class) : iterable.containedTypeOrUnknown(0)));
      return s;
    }
    if (raw == Object.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || isPlatformClass(raw)) {
      // Anything: Object/JsonNode by definition; interfaces and abstract classes are written as whatever runtime
      // class the value has; unknown JDK classes are not beans worth introspecting.
      return F.objectNode();
    }
    return beanSchema(t);
  }

  private static boolean isPlatformClass(Class<?> raw) {
    String n = raw.getName();
    return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.");
  }

  private ObjectNode enumSchema(Class<?> enumClass) {
    ArrayNode values = F.arrayNode();
    for (Object constant : enumClass.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        JsonProperty jp = enumClass.getField(name).getAnnotation(JsonProperty.class);
        values.add(jp != null && !jp.value().isEmpty() ? jp.value() : name);
      } catch (NoSuchFieldException e) {
        values.add(name); // cannot happen for a constant of this enum
      }
    }
    ObjectNode s = F.objectNode().put("type", "string");
    s.set("enum", values);
    return s;
  }

  private ObjectNode beanSchema(JavaType t) {
    String key = t.toCanonical();
    if (inProgress.contains(key)) {
      if (key.equals(rootKey)) {
        return ref("#");
      }
      String name = defNames.computeIfAbsent(key, k -> newDefName(t));
      return ref("#/$defs/" + name);
    }
    String known = defNames.get(key);
    if (known != null) {
      return ref("#/$defs/" + known); // a recursive type already stored under $defs
    }
    inProgress.add(key);
    ObjectNode s = F.objectNode().put("type", "object");
    ObjectNode properties = F.objectNode();
    ArrayNode required = F.arrayNode();
    for (BeanProperties.Property p : BeanProperties.of(t, TYPES)) {
      ObjectNode ps = schema(p.type());
      if (p.description() != null && !ps.has("$ref")) {
        ps.put("description", p.description());
      }
      properties.set(p.name(), ps);
      if (p.required()) {
        required.add(p.name());
      }
    }
    s.set("properties", properties);
    if (!required.isEmpty()) {
      s.set("required", required);
    }
    inProgress.remove(key);
    String def = defNames.get(key);
    if (def != null) {
      defs.set(def, s);
      return ref("#/$defs/" + def);
    }
    return s;
  }

  private static ObjectNode ref(String target) {
    return F.objectNode().put("$ref", target);
  }

  /** Simple class name plus type arguments ({@code Page_Order}), made unique within this schema. */
  private String newDefName(JavaType t) {
    StringBuilder sb = new StringBuilder(t.getRawClass().getSimpleName());
    for (int i = 0; i < t.containedTypeCount(); i++) {
      sb.append('_').append(t.containedType(i).getRawClass().getSimpleName());
    }
    String base = sb.toString();
    String name = base;
    for (int n = 2; !usedDefNames.add(name); n++) {
      name = base + n;
    }
    return name;
  }
}
