package dev.iii.sdk.internal.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeBindings;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JSON properties of a record or POJO, found the simple way Jackson finds them by default: record components;
 * or public fields, getters ({@code getX}, {@code isX} for booleans) and setters. {@code @JsonProperty} renames,
 * {@code @JsonIgnore} removes, {@code @JsonPropertyDescription} describes.
 */
final class BeanProperties {
  private BeanProperties() {}

  record Property(String name, JavaType type, boolean required, String description) {}

  static List<Property> of(JavaType type, TypeFactory types) {
    Class<?> raw = type.getRawClass();
    return raw.isRecord() ? recordProperties(type, types) : pojoProperties(type, types);
  }

  // ---- records ----------------------------------------------------------------------------------------------

  private static List<Property> recordProperties(JavaType type, TypeFactory types) {
    Class<?> raw = type.getRawClass();
    List<Property> out = new ArrayList<>();
    for (RecordComponent c : raw.getRecordComponents()) {
      // Annotations written on a component land on its field, accessor and constructor parameter (their targets),
      // not on the RecordComponent itself for @JsonProperty; look where they actually are.
      Field field = declaredField(raw, c.getName());
      List<AnnotatedElement> places = new ArrayList<>();
      places.add(c.getAccessor());
      if (field != null) {
        places.add(field);
      }
      if (has(places, JsonIgnore.class)) {
        continue;
      }
      JavaType ctype = types.resolveMemberType(c.getGenericType(), type.getBindings());
      boolean required =
          c.getType().isPrimitive() || !(isOptional(c.getType()) || isNullable(places, c.getAnnotatedType()));
      out.add(new Property(name(places, c.getName()), ctype, required, description(places)));
    }
    return out;
  }

  private static Field declaredField(Class<?> raw, String name) {
    try {
      return raw.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  // ---- POJOs ------------------------------------------------------------------------------------------------

  /** Accessors of one logical property, by implicit (Java-derived) name. */
  private static final class Accessors {
    Field field;
    Method getter;
    Method setter;

    List<AnnotatedElement> places() {
      List<AnnotatedElement> p = new ArrayList<>(3);
      if (getter != null) {
        p.add(getter);
      }
      if (field != null) {
        p.add(field);
      }
      if (setter != null) {
        p.add(setter);
      }
      return p;
    }
  }

  private static List<Property> pojoProperties(JavaType type, TypeFactory types) {
    Class<?> raw = type.getRawClass();
    Map<String, Accessors> byName = new LinkedHashMap<>();
    for (Field f : raw.getFields()) {
      int mod = f.getModifiers();
      if (!Modifier.isStatic(mod) && !Modifier.isTransient(mod)) {
        byName.computeIfAbsent(f.getName(), k -> new Accessors()).field = f;
      }
    }
    // getMethods() has no defined order; sort so the schema is stable from run to run.
    Method[] methods = raw.getMethods();
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    for (Method m : methods) {
      if (Modifier.isStatic(m.getModifiers()) || m.isBridge() || m.isSynthetic()
          || m.getDeclaringClass() == Object.class) {
        continue;
      }
      String n = m.getName();
      if (m.getParameterCount() == 0 && m.getReturnType() != void.class) {
        if (n.startsWith("get") && n.length() > 3) {
          byName.computeIfAbsent(mangle(n, 3), k -> new Accessors()).getter = m;
        } else if (n.startsWith("is") && n.length() > 2
            && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
          byName.computeIfAbsent(mangle(n, 2), k -> new Accessors()).getter = m;
        }
      } else if (m.getParameterCount() == 1 && n.startsWith("set") && n.length() > 3) {
        Accessors a = byName.computeIfAbsent(mangle(n, 3), k -> new Accessors());
        if (a.setter == null) {
          a.setter = m;
        }
      }
    }
    List<Property> out = new ArrayList<>();
    for (Map.Entry<String, Accessors> e : byName.entrySet()) {
      Accessors a = e.getValue();
      List<AnnotatedElement> places = a.places();
      if (has(places, JsonIgnore.class)) {
        continue;
      }
      Type generic;
      Class<?> declaring;
      if (a.getter != null) {
        generic = a.getter.getGenericReturnType();
        declaring = a.getter.getDeclaringClass();
      } else if (a.field != null) {
        generic = a.field.getGenericType();
        declaring = a.field.getDeclaringClass();
      } else {
        generic = a.setter.getGenericParameterTypes()[0];
        declaring = a.setter.getDeclaringClass();
      }
      // Members declared in a generic superclass are resolved with that superclass's type arguments.
      JavaType owner = type.findSuperType(declaring);
      TypeBindings bindings = owner != null ? owner.getBindings() : type.getBindings();
      JavaType ptype = types.resolveMemberType(generic, bindings);
      JsonProperty jp = find(places, JsonProperty.class);
      boolean required = jp != null && jp.required();
      out.add(new Property(name(places, e.getKey()), ptype, required, description(places)));
    }
    return out;
  }

  /** Jackson's default bean naming: drop the prefix and lower-case the leading run of capitals (getURL -> url). */
  static String mangle(String methodName, int prefixLength) {
    String base = methodName.substring(prefixLength);
    StringBuilder sb = new StringBuilder(base.length());
    int i = 0;
    while (i < base.length() && Character.isUpperCase(base.charAt(i))) {
      sb.append(Character.toLowerCase(base.charAt(i)));
      i++;
    }
    return sb.append(base, i, base.length()).toString();
  }

  // ---- annotations ------------------------------------------------------------------------------------------

  private static String name(List<AnnotatedElement> places, String implicit) {
    JsonProperty jp = find(places, JsonProperty.class);
    return jp != null && !jp.value().isEmpty() ? jp.value() : implicit;
  }

  private static String description(List<AnnotatedElement> places) {
    JsonPropertyDescription d = find(places, JsonPropertyDescription.class);
    return d == null || d.value().isEmpty() ? null : d.value();
  }

  private static boolean isOptional(Class<?> raw) {
    return raw == Optional.class || raw == OptionalInt.class || raw == OptionalLong.class
        || raw == OptionalDouble.class;
  }

  /**
   * Any annotation named {@code Nullable} counts (JSpecify, JSR-305, Jakarta, JetBrains, ...), whether written as a
   * declaration annotation or as a type-use annotation on the component's type.
   */
  private static boolean isNullable(List<AnnotatedElement> places, AnnotatedType type) {
    if (hasNullable(type.getAnnotations())) {
      return true;
    }
    for (AnnotatedElement p : places) {
      if (hasNullable(p.getAnnotations())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNullable(Annotation[] annotations) {
    for (Annotation a : annotations) {
      if (a.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  private static boolean has(List<AnnotatedElement> places, Class<JsonIgnore> type) {
    JsonIgnore ignore = find(places, type);
    return ignore != null && ignore.value();
  }

  private static <A extends Annotation> A find(List<AnnotatedElement> places, Class<A> type) {
    for (AnnotatedElement p : places) {
      A a = p.getAnnotation(type);
      if (a != null) {
        return a;
      }
    }
    return null;
  }
}
