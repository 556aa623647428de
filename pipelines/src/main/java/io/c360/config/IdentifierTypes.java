package io.c360.config;

import java.util.List;

/** The identifier types a source may declare, highest linking priority first. */
public record IdentifierTypes(List<String> names) {
  public IdentifierTypes {
    names = List.copyOf(names);
  }

  public boolean contains(String type) {
    return names.contains(type);
  }

  /** 0 for the highest priority. */
  public int priority(String type) {
    int i = names.indexOf(type);
    if (i < 0) {
      throw new IllegalArgumentException("unknown identifier type " + type);
    }
    return i;
  }
}
