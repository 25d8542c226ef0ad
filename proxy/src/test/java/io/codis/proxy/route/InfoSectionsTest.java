package io.codis.proxy.route;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoSectionsTest {
  @Test
  void keyspaceAndCommandstatsAreSummedAcrossMasters() {
    SlotTable t = SlotTable.of(3, 4, List.of(new SlotTable.Range(0, 1, "a:1"), new SlotTable.Range(2, 3, "b:2")));
    Map<String, String> infos = Map.of(
        "a:1", "# Commandstats\r\ncmdstat_get:calls=3,usec=30,usec_per_call=10.00,rejected_calls=1,failed_calls=0\r\n\r\n"
            + "# Keyspace\r\ndb0:keys=5,expires=1,avg_ttl=0\r\n",
        "b:2", "# Commandstats\r\ncmdstat_get:calls=1,usec=10,usec_per_call=10.00,rejected_calls=0,failed_calls=2\r\n"
            + "cmdstat_set:calls=2,usec=4,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r\n\r\n"
            + "# Keyspace\r\ndb0:keys=7,expires=0,avg_ttl=0\r\n");
    String out = InfoSections.minimal().render(List.of("server", "groups"), t, infos, infos);
    assertTrue(out.startsWith("# Server\r\n"), out);
    assertTrue(out.contains("master0:group=0,addr=a:1,slots=2,keys=5\r\n"), out);
    assertTrue(out.contains("cmdstat_get:calls=4,usec=40,usec_per_call=10.00,rejected_calls=1,failed_calls=2\r\n"), out);
    assertTrue(out.contains("cmdstat_set:calls=2,usec=4,usec_per_call=2.00"), out);
    assertTrue(out.endsWith("# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\n"), out);
  }
}
