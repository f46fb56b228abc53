package dev.pghop.verify;

import static dev.pghop.verify.CatalogSql.function;
import static dev.pghop.verify.CatalogSql.madeByUser;
import static dev.pghop.verify.CatalogSql.notFromExtension;
import static dev.pghop.verify.CatalogSql.qualified;
import static dev.pghop.verify.CatalogSql.userSchema;

import java.util.List;

/**
 * Catalog queries for what indexes and comparisons are made of: operators, operator families with their members
 * (the operators and support functions of each strategy and number, whether an operator class or ALTER OPERATOR
 * FAMILY added them), operator classes and access methods. Only the user's: not those of extensions nor initdb's.
 */
final class OperatorCatalog {
    private static final String NONE_OR_TYPE = "CASE WHEN %1$s = 0 THEN 'NONE' ELSE format_type(%1$s, NULL) END";

    /**
     * Operators but shells (no function yet): a shell is what naming an operator as another's commutator or negator
     * leaves until it is defined, and no dump carries one, only the operator that names it, which makes it again.
     */
    static final String OPERATORS = "SELECT 'operator ' || format('%I.%s', n.nspname, o.oprname) || '('"
            + " || " + NONE_OR_TYPE.formatted("o.oprleft") + " || ', ' || " + NONE_OR_TYPE.formatted("o.oprright")
            + " || ')', pg_get_userbyid(o.oprowner) AS owner, format_type(o.oprresult, NULL) AS result, "
            + function("o.oprcode") + " AS function, nullif(o.oprcom, 0)::regoperator::text AS commutator,"
            + " nullif(o.oprnegate, 0)::regoperator::text AS negator, " + function("o.oprrest") + " AS restrict, "
            + function("o.oprjoin") + " AS join, o.oprcanhash AS hashes, o.oprcanmerge AS merges"
            + " FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE o.oprcode <> 0 AND "
            + userSchema("n.nspname")
            + " AND " + notFromExtension("'pg_operator'::regclass", "o.oid");

    static final String FAMILIES = "SELECT 'operator family ' || " + qualified("n.nspname", "f.opfname")
            + " || ' using ' || quote_ident(am.amname), pg_get_userbyid(f.opfowner) AS owner,"
            + " (SELECT string_agg(m, ', ' ORDER BY m COLLATE \"C\") FROM (SELECT ao.amopstrategy || ' ' || ao.amopopr::regoperator::text || ' '"
            + " || " + memberTypes("ao.amoplefttype", "ao.amoprighttype") + " || CASE WHEN ao.amoppurpose = 'o'"
            + " THEN ' for order by ' || " + familyName("ao.amopsortfamily") + " ELSE '' END AS m FROM pg_amop ao"
            + " WHERE ao.amopfamily = f.oid) members) AS operators, (SELECT string_agg(m, ', ' ORDER BY m COLLATE"
            + " \"C\") FROM (SELECT ap.amprocnum || ' ' || " + memberTypes("ap.amproclefttype", "ap.amprocrighttype")
            + " || ' ' || ap.amproc::regprocedure::text AS m FROM pg_amproc ap WHERE ap.amprocfamily = f.oid) members)"
            + " AS \"support functions\" FROM pg_opfamily f JOIN pg_namespace n ON n.oid = f.opfnamespace"
            + " JOIN pg_am am ON am.oid = f.opfmethod WHERE " + userSchema("n.nspname")
            + " AND " + notFromExtension("'pg_opfamily'::regclass", "f.oid");

    /** The storage type is listed only where it is not the indexed type itself, which some majors record as 0. */
    static final String CLASSES = "SELECT 'operator class ' || " + qualified("n.nspname", "c.opcname")
            + " || ' using ' || quote_ident(am.amname), pg_get_userbyid(c.opcowner) AS owner, "
            + familyName("c.opcfamily") + " AS family, format_type(c.opcintype, NULL) AS \"for type\","
            + " c.opcdefault AS default, CASE WHEN c.opckeytype NOT IN (0, c.opcintype)"
            + " THEN format_type(c.opckeytype, NULL) END AS storage"
            + " FROM pg_opclass c JOIN pg_namespace n ON n.oid = c.opcnamespace JOIN pg_am am ON am.oid = c.opcmethod"
            + " WHERE " + userSchema("n.nspname") + " AND " + notFromExtension("'pg_opclass'::regclass", "c.oid");

    static final String ACCESS_METHODS = "SELECT 'access method ' || quote_ident(am.amname), CASE am.amtype"
            + " WHEN 'i' THEN 'index' WHEN 't' THEN 'table' ELSE am.amtype::text END AS type, "
            + function("am.amhandler") + " AS handler FROM pg_am am WHERE " + madeByUser("am.oid")
            + " AND " + notFromExtension("'pg_am'::regclass", "am.oid");

    static final List<String> ALL = List.of(OPERATORS, FAMILIES, CLASSES, ACCESS_METHODS);

    private OperatorCatalog() {
    }

    private static String familyName(String oid) {
        return "(SELECT " + qualified("fn.nspname", "fo.opfname") + " FROM pg_opfamily fo JOIN pg_namespace fn"
                + " ON fn.oid = fo.opfnamespace WHERE fo.oid = " + oid + ")";
    }

    /** The left and right types an operator or support function of a family is for. */
    private static String memberTypes(String left, String right) {
        return "'(' || format_type(" + left + ", NULL) || ', ' || format_type(" + right + ", NULL) || ')'";
    }
}
