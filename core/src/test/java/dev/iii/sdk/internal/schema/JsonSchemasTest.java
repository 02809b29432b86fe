package dev.iii.sdk.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonSchemasTest {

  private static final ObjectMapper M = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return M.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static void assertSchema(String expected, Type type) {
    assertEquals(json(expected), JsonSchemas.forType(type));
  }

  // ---- leaves ------------------------------------------------------------------------------------------------

  static Stream<Arguments> leaves() {
    return Stream.of(
        Arguments.of(int.class, "{\"type\":\"integer\"}"),
        Arguments.of(Integer.class, "{\"type\":\"integer\"}"),
        Arguments.of(long.class, "{\"type\":\"integer\"}"),
        Arguments.of(Short.class, "{\"type\":\"integer\"}"),
        Arguments.of(byte.class, "{\"type\":\"integer\"}"),
        Arguments.of(BigInteger.class, "{\"type\":\"integer\"}"),
        Arguments.of(double.class, "{\"type\":\"number\"}"),
        Arguments.of(Float.class, "{\"type\":\"number\"}"),
        Arguments.of(BigDecimal.class, "{\"type\":\"number\"}"),
        Arguments.of(boolean.class, "{\"type\":\"boolean\"}"),
        Arguments.of(Boolean.class, "{\"type\":\"boolean\"}"),
        Arguments.of(String.class, "{\"type\":\"string\"}"),
        Arguments.of(char.class, "{\"type\":\"string\",\"minLength\":1,\"maxLength\":1}"),
        Arguments.of(UUID.class, "{\"type\":\"string\",\"format\":\"uuid\"}"),
        Arguments.of(Instant.class, "{\"type\":\"string\",\"format\":\"date-time\"}"),
        Arguments.of(OffsetDateTime.class, "{\"type\":\"string\",\"format\":\"date-time\"}"),
        Arguments.of(LocalDate.class, "{\"type\":\"string\",\"format\":\"date\"}"),
        Arguments.of(LocalDateTime.class, "{\"type\":\"string\"}"),
        Arguments.of(Duration.class, "{\"type\":\"string\",\"format\":\"duration\"}"),
        Arguments.of(byte[].class, "{\"type\":\"string\",\"contentEncoding\":\"base64\"}"),
        Arguments.of(Void.class, "{\"type\":\"null\"}"),
        Arguments.of(Object.class, "{}"),
        Arguments.of(JsonNode.class, "{}"),
        Arguments.of(ObjectNode.class, "{\"type\":\"object\"}"),
        Arguments.of(Runnable.class, "{}"),
        Arguments.of(Thread.class, "{}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("leaves")
  void leafTypes(Type type, String expected) {
    assertSchema(expected, type);
  }

  // ---- containers --------------------------------------------------------------------------------------------

  @Test
  void listsSetsCollectionsAndArrays() {
    assertSchema("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", new TypeReference<List<String>>() {}.getType());
    assertSchema("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true}",
        new TypeReference<Set<Long>>() {}.getType());
    assertSchema("{\"type\":\"array\",\"items\":{\"type\":\"number\"}}",
        new TypeReference<Collection<Double>>() {}.getType());
    assertSchema("{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}", int[].class);
    assertSchema("{\"type\":\"array\",\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}",
        String[][].class);
    assertSchema("{\"type\":\"array\",\"items\":{}}", List.class); // raw: items of any kind
  }

  @Test
  void mapsAreObjectsWithAdditionalProperties() {
    assertSchema("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\"}}",
        new TypeReference<Map<String, Integer>>() {}.getType());
    assertSchema(
        "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}}",
        new TypeReference<SortedMap<String, List<Boolean>>>() {}.getType());
    assertSchema("{\"type\":\"object\",\"additionalProperties\":{}}",
        new TypeReference<Map<String, Object>>() {}.getType());
  }

  @Test
  void optionalIsItsContent() {
    assertSchema("{\"type\":\"string\"}", new TypeReference<Optional<String>>() {}.getType());
    assertSchema("{\"type\":\"integer\"}", OptionalInt.class);
  }

  enum Status {
    OPEN,
    @JsonProperty("closed")
    CLOSED
  }

  @Test
  void enumsAreStringsWithTheirJacksonNames() {
    assertSchema("{\"type\":\"string\",\"enum\":[\"OPEN\",\"closed\"]}", Status.class);
  }

  // ---- records -----------------------------------------------------------------------------------------------

  record Address(String street, @Nullable String zip) {}

  record Order(
      UUID id,
      int quantity,
      Integer boxedQuantity,
      Optional<String> note,
      @Nullable String coupon,
      List<String> tags,
      Address address,
      Map<String, Double> prices,
      Status status,
      Instant createdAt,
      JsonNode extra) {}

  @Test
  void recordWithEveryKindOfComponent() {
    assertSchema(
        "{\"type\":\"object\",\"properties\":{"
            + "\"id\":{\"type\":\"string\",\"format\":\"uuid\"},"
            + "\"quantity\":{\"type\":\"integer\"},"
            + "\"boxedQuantity\":{\"type\":\"integer\"},"
            + "\"note\":{\"type\":\"string\"},"
            + "\"coupon\":{\"type\":\"string\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"address\":{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},"
            + "\"zip\":{\"type\":\"string\"}},\"required\":[\"street\"]},"
            + "\"prices\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}},"
            + "\"status\":{\"type\":\"string\",\"enum\":[\"OPEN\",\"closed\"]},"
            + "\"createdAt\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"extra\":{}},"
            + "\"required\":[\"id\",\"quantity\",\"boxedQuantity\",\"tags\",\"address\",\"prices\",\"status\","
            + "\"createdAt\",\"extra\"]}",
        Order.class);
  }

  @Test
  void propertyOrderFollowsTheRecord() {
    List<String> names = M.convertValue(JsonSchemas.forType(Order.class).get("properties").fieldNames(),
        new TypeReference<List<String>>() {});
    assertEquals(List.of("id", "quantity", "boxedQuantity", "note", "coupon", "tags", "address", "prices", "status",
        "createdAt", "extra"), names);
  }

  record Renamed(
      @JsonProperty("order_id") String orderId,
      @JsonPropertyDescription("How many, at least one") int count,
      @JsonIgnore String secret) {}

  @Test
  void recordHonoursJacksonAnnotations() {
    assertSchema(
        "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"},"
            + "\"count\":{\"type\":\"integer\",\"description\":\"How many, at least one\"}},"
            + "\"required\":[\"order_id\",\"count\"]}",
        Renamed.class);
  }

  record Empty() {}

  @Test
  void emptyRecordIsAnObjectWithNoRequiredMembers() {
    assertSchema("{\"type\":\"object\",\"properties\":{}}", Empty.class);
  }

  record Page<T>(List<T> items, @Nullable String next) {}

  @Test
  void genericRecordsUseTheirTypeArguments() {
    assertSchema(
        "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
            + "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"},\"zip\":{\"type\":\"string\"}},"
            + "\"required\":[\"street\"]}},\"next\":{\"type\":\"string\"}},\"required\":[\"items\"]}",
        new TypeReference<Page<Address>>() {}.getType());
    // Unbound type variable: anything.
    assertEquals(json("{}"), JsonSchemas.forType(Page.class).get("properties").get("items").get("items"));
  }

  // ---- POJOs -------------------------------------------------------------------------------------------------

  public static class Customer {
    public String name;
    public int age;
    @JsonIgnore public String password;
    public static String IGNORED_STATIC = "x";
    public transient String ignoredTransient;
    private String email;
    private boolean vip;
    private String internal;

    public String getEmail() {
      return email;
    }

    public void setEmail(String email) {
      this.email = email;
    }

    public boolean isVip() {
      return vip;
    }

    @JsonProperty(value = "customer_id", required = true)
    public long getId() {
      return 1;
    }

    public String getURL() {
      return "";
    }

    public void setNickname(String nick) {}

    @JsonIgnore
    public String getInternal() {
      return internal;
    }
  }

  @Test
  void pojoFieldsGettersAndSetters() {
    ObjectNode s = JsonSchemas.forType(Customer.class);
    assertEquals(
        json("{\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\"},\"email\":{\"type\":\"string\"},"
            + "\"customer_id\":{\"type\":\"integer\"},\"nickname\":{\"type\":\"string\"},"
            + "\"url\":{\"type\":\"string\"},\"vip\":{\"type\":\"boolean\"}}"),
        s.get("properties"));
    assertEquals(json("[\"customer_id\"]"), s.get("required"));
    assertEquals("object", s.get("type").textValue());
    assertFalse(s.has("additionalProperties"), "engine adds _caller_worker_id: never forbid extra members");
  }

  public static class Base<T> {
    public T value;

    public List<T> getHistory() {
      return List.of();
    }
  }

  public static class IntBox extends Base<Integer> {}

  @Test
  void pojoInheritsResolvedGenericMembers() {
    assertEquals(
        json("{\"value\":{\"type\":\"integer\"},\"history\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}"),
        JsonSchemas.forType(IntBox.class).get("properties"));
  }

  @Test
  void nameManglingFollowsJackson() {
    assertEquals("url", BeanProperties.mangle("getURL", 3));
    assertEquals("urlPath", BeanProperties.mangle("getUrlPath", 3));
    assertEquals("vip", BeanProperties.mangle("isVip", 2));
    assertEquals("x", BeanProperties.mangle("getX", 3));
  }

  // ---- recursion ---------------------------------------------------------------------------------------------

  record TreeNode(String label, List<TreeNode> children) {}

  @Test
  void selfRecursiveRootRefersToTheRoot() {
    assertSchema(
        "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},"
            + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}},\"required\":[\"label\",\"children\"]}",
        TreeNode.class);
  }

  record Forest(TreeNode biggest, List<TreeNode> trees) {}

  @Test
  void recursiveNonRootTypesGoToDefs() {
    assertSchema(
        "{\"type\":\"object\",\"properties\":{\"biggest\":{\"$ref\":\"#/$defs/TreeNode\"},"
            + "\"trees\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/TreeNode\"}}},"
            + "\"required\":[\"biggest\",\"trees\"],"
            + "\"$defs\":{\"TreeNode\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},"
            + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/TreeNode\"}}},"
            + "\"required\":[\"label\",\"children\"]}}}",
        Forest.class);
  }

  record Person(String name, @Nullable Company employer) {}

  record Company(String name, List<Person> staff) {}

  record Directory(List<Company> companies) {}

  @Test
  void mutualRecursionTerminates() {
    ObjectNode s = JsonSchemas.forType(Directory.class);
    JsonNode company = s.get("$defs").get("Company");
    assertEquals("#/$defs/Company", s.get("properties").get("companies").get("items").get("$ref").textValue());
    assertEquals("#/$defs/Company",
        company.get("properties").get("staff").get("items").get("properties").get("employer").get("$ref").textValue());
  }

  record Growing<T>(T value, @Nullable Growing<List<T>> next) {}

  @Test
  void typesThatGrowOnEveryLevelStopAtTheDepthCap() {
    JsonNode s = JsonSchemas.forType(new TypeReference<Growing<String>>() {}.getType());
    int levels = 0;
    JsonNode cur = s;
    while (cur.has("properties")) {
      cur = cur.get("properties").get("next");
      levels++;
    }
    assertEquals(json("{}"), cur);
    assertEquals(true, levels > 5 && levels < 100, "levels: " + levels);
  }

  // ---- contract ----------------------------------------------------------------------------------------------

  @Test
  void eachCallReturnsAFreshSchema() {
    ObjectNode a = JsonSchemas.forType(Address.class);
    ObjectNode b = JsonSchemas.forType(Address.class);
    assertNotSame(a, b);
    a.put("mutated", true);
    assertFalse(JsonSchemas.forType(Address.class).has("mutated"));
    ObjectNode leaf = JsonSchemas.forType(String.class);
    leaf.put("format", "email");
    assertEquals(json("{\"type\":\"string\"}"), JsonSchemas.forType(String.class));
  }

  @Test
  void nullTypeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> JsonSchemas.forType(null));
  }
}
