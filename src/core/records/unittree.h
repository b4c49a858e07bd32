/* SQL for "a unit together with every unit under it" (unit.parent_id, any
 * depth): DKPQ stands for the special zone's office and its agencies
 * (DKPQ.VHXH).  Private to the core; P is the parameter holding the unit
 * code, e.g. "?2".  A code that names no unit gives no ids.
 *
 * Used as `i.unit_id IN (SK_UNIT_TREE("?2"))`: SQLite runs the
 * uncorrelated subquery once into a small ephemeral table, so the outer
 * query keeps its index walk (title_key, public_id, or (unit_id, stage)
 * once per unit of the tree). */
#ifndef SANGKIEN_UNITTREE_H
#define SANGKIEN_UNITTREE_H

#define SK_UNIT_TREE(P)                                                                        \
    "WITH RECURSIVE sk_tree(id) AS (SELECT id FROM unit WHERE code = " P " "                  \
    "UNION SELECT u.id FROM unit u JOIN sk_tree t ON u.parent_id = t.id) "                    \
    "SELECT id FROM sk_tree"

#endif
