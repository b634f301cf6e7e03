package weka.classifiers.functions.bnmlp.options;

import weka.core.SelectedTag;
import weka.core.Tag;

/**
 * Turns {@link Choice} enums into Weka's {@link SelectedTag} drop-downs and parses their command-line
 * spelling, with an error that names the option, the bad value and the accepted ones.
 */
public final class Choices {

  private Choices() {
  }

  /** Parses {@code value} (case-insensitive) as one of {@code values}. */
  public static <E extends Enum<E> & Choice> E parse(String flag, String value, Class<E> type) {
    String wanted = value == null ? "" : value.trim();
    for (E e : type.getEnumConstants()) {
      if (e.optionValue().equalsIgnoreCase(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException("-" + flag + ": unknown value '" + value + "'; expected one of "
        + accepted(type));
  }

  /** The accepted spellings, e.g. {@code none|before|after}. */
  public static <E extends Enum<E> & Choice> String accepted(Class<E> type) {
    StringBuilder sb = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(e.optionValue());
    }
    return sb.toString();
  }

  /** Weka tags for the GUI; the tag id is the ordinal, the id string the command-line spelling. */
  public static <E extends Enum<E> & Choice> Tag[] tags(Class<E> type) {
    E[] values = type.getEnumConstants();
    Tag[] tags = new Tag[values.length];
    for (E e : values) {
      tags[e.ordinal()] = new Tag(e.ordinal(), e.optionValue(), e.label(), false);
    }
    return tags;
  }

  public static <E extends Enum<E> & Choice> SelectedTag selected(E value) {
    return new SelectedTag(value.ordinal(), tags(value.getDeclaringClass()));
  }

  /** The enum constant a GUI selection stands for; rejects tags of another option. */
  public static <E extends Enum<E> & Choice> E fromTag(SelectedTag tag, Class<E> type) {
    String id = tag.getSelectedTag().getIDStr();
    return parse(type.getSimpleName(), id, type);
  }
}
