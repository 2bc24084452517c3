package dev.jgan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgan.BadInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeBudgetsTest {
  @Test
  void readsTheFormsPeopleWrite() {
    assertEquals(Duration.ofSeconds(90), TimeBudgets.parse("90s"));
    assertEquals(Duration.ofMinutes(15), TimeBudgets.parse("15m"));
    assertEquals(Duration.ofHours(2), TimeBudgets.parse("2h"));
    assertEquals(Duration.ofMinutes(90), TimeBudgets.parse("1h30m"));
    assertEquals(Duration.ofSeconds(3725), TimeBudgets.parse("1h2m5s"));
    assertEquals(Duration.ofSeconds(45), TimeBudgets.parse("45"));
    assertEquals(Duration.ofMinutes(3), TimeBudgets.parse(" 3M "));
  }

  @Test
  void refusesWhatItCannotRead() {
    for (String bad : new String[] {"", "m", "15 min", "1.5h", "-3m", "0s", "0", "3m1h"}) {
      assertThrows(IllegalArgumentException.class, () -> TimeBudgets.parse(bad), bad);
    }
  }

  @Test
  void aBadBudgetInAConfigNamesTheKeyAndTheForms() {
    TrainConfig config = Settings.defaults().withTimeBudget("soon");
    BadInputException e = assertThrows(BadInputException.class, config::validate);
    assertEquals(
        "bad time_budget (--time-budget): soon; write a duration such as 90s, 15m, 2h or 1h30m",
        e.getMessage());
  }
}
