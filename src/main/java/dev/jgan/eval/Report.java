package dev.jgan.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What {@code gan evaluate} prints: a table for people, or JSON with {@code --json}. */
public interface Report {
  ObjectNode toJson();

  List<String> table();
}
