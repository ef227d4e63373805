<?xml version="1.0" encoding="UTF-8"?>
<!-- bench/map/civil.xsl - make bench (bench/map.sh): the XSLT 1.0 a user
     would write instead of bench/map/bh-cpr-registry.map. Run by xsltproc
     on the XML form of bench/gen-registry, it writes the same canonical
     person records as gcx-map with that mapping, one JSON object a line,
     members in the same order, provenance included: the mapping's name
     and version, the input name (the stringparam "input", given as
     gcx-map writes it) and the record number.

       xsltproc (stringparam input persons.xml) civil.xsl persons.xml

     The same rules: a value that is missing or empty writes no member, an
     object left empty is not written; a path gives its first match; a
     record without a CPR, or with a birth date not shaped yyyy-MM-dd, is
     left out with a message (gcx-map rejects it). Strings are escaped for
     JSON: " \ and the control characters an XML 1.0 document can hold
     (tab, line feed, carriage return).

     No result tree fragment (xsl:variable or xsl:with-param with content)
     is made per record: with libxslt each one makes the next text written
     to the output scan the whole output so far (strlen in xmlTextConcat),
     which turns a run over N records into O(N^2) time. Hence the
     "comma" parameters and the escaping chain of templates below. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:cpr="urn:bh:iga:cpr:export:1"
    xmlns:addr="urn:bh:iga:address:1"
    exclude-result-prefixes="cpr addr">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:param name="input" select="'-'"/>
  <xsl:param name="mapping" select="'bench-bh-cpr-person'"/>
  <xsl:param name="mappingVersion" select="'1.0'"/>

  <!-- the characters to escape in a JSON string that XML text can hold -->
  <xsl:variable name="special" select="'&quot;\&#9;&#10;&#13;'"/>

  <xsl:template match="/">
    <xsl:for-each select="cpr:Export/cpr:Person">
      <xsl:call-template name="person">
        <xsl:with-param name="n" select="position()"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="person">
    <xsl:param name="n"/>
    <xsl:variable name="cpr" select="string(cpr:CPR)"/>
    <xsl:variable name="birth" select="string(cpr:BirthDate)"/>
    <xsl:choose>
      <xsl:when test="$cpr = ''">
        <xsl:message>
          <xsl:value-of select="concat('record ', $n, ': no cpr:CPR')"/>
        </xsl:message>
      </xsl:when>
      <xsl:when test="$birth != '' and
          translate($birth, '0123456789', '##########') != '####-##-##'">
        <xsl:message>
          <xsl:value-of select="concat('record ', $n, ': birth date ',
              $birth, ' is not yyyy-MM-dd')"/>
        </xsl:message>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="ar" select="cpr:Name[@lang = 'ar']"/>
        <xsl:variable name="en" select="cpr:Name[@lang = 'en']"/>
        <xsl:variable name="has-ar" select="string($ar/cpr:First) != ''
            or string($ar/cpr:Father) != ''
            or string($ar/cpr:Family) != ''"/>
        <xsl:variable name="has-en" select="string($en/cpr:First) != ''
            or string($en/cpr:Father) != ''
            or string($en/cpr:Family) != ''"/>
        <xsl:variable name="phones" select="cpr:Phones/cpr:Phone[
            string(@type) != '' or string(.) != '']"/>
        <xsl:variable name="address" select="addr:Address"/>

        <xsl:text>{"schemaVersion":"1.0","recordType":"person",</xsl:text>
        <xsl:text>"identifiers":[{"scheme":"BH-CPR","value":</xsl:text>
        <xsl:call-template name="string">
          <xsl:with-param name="s" select="$cpr"/>
        </xsl:call-template>
        <xsl:text>,"state":"BH"}]</xsl:text>
        <xsl:if test="$has-ar or $has-en">
          <xsl:text>,"name":{</xsl:text>
          <xsl:if test="$has-ar">
            <xsl:text>"ar":{</xsl:text>
            <xsl:call-template name="names">
              <xsl:with-param name="name" select="$ar"/>
            </xsl:call-template>
            <xsl:text>}</xsl:text>
            <xsl:if test="$has-en">,</xsl:if>
          </xsl:if>
          <xsl:if test="$has-en">
            <xsl:text>"en":{</xsl:text>
            <xsl:call-template name="names">
              <xsl:with-param name="name" select="$en"/>
            </xsl:call-template>
            <xsl:text>}</xsl:text>
          </xsl:if>
          <xsl:text>}</xsl:text>
        </xsl:if>
        <xsl:call-template name="member">
          <xsl:with-param name="key" select="'birthDate'"/>
          <xsl:with-param name="value" select="$birth"/>
        </xsl:call-template>
        <xsl:call-template name="member">
          <xsl:with-param name="key" select="'nationality'"/>
          <xsl:with-param name="value" select="string(cpr:Nationality)"/>
        </xsl:call-template>
        <xsl:if test="$phones">
          <xsl:text>,"phones":[</xsl:text>
          <xsl:for-each select="$phones">
            <xsl:if test="position() &gt; 1">,</xsl:if>
            <xsl:text>{</xsl:text>
            <xsl:call-template name="member">
              <xsl:with-param name="key" select="'type'"/>
              <xsl:with-param name="value" select="string(@type)"/>
              <xsl:with-param name="comma" select="false()"/>
            </xsl:call-template>
            <xsl:call-template name="member">
              <xsl:with-param name="key" select="'number'"/>
              <xsl:with-param name="value" select="string(.)"/>
              <xsl:with-param name="comma" select="string(@type) != ''"/>
            </xsl:call-template>
            <xsl:text>}</xsl:text>
          </xsl:for-each>
          <xsl:text>]</xsl:text>
        </xsl:if>
        <xsl:text>,"addresses":[{"type":"home"</xsl:text>
        <xsl:call-template name="member">
          <xsl:with-param name="key" select="'building'"/>
          <xsl:with-param name="value" select="string($address/addr:Block)"/>
        </xsl:call-template>
        <xsl:call-template name="member">
          <xsl:with-param name="key" select="'road'"/>
          <xsl:with-param name="value" select="string($address/addr:Road)"/>
        </xsl:call-template>
        <xsl:if test="string($address/addr:City) != ''">
          <xsl:text>,"city":{"ar":</xsl:text>
          <xsl:call-template name="string">
            <xsl:with-param name="s" select="string($address/addr:City)"/>
          </xsl:call-template>
          <xsl:text>}</xsl:text>
        </xsl:if>
        <xsl:text>,"country":"BHR"}]</xsl:text>
        <xsl:text>,"provenance":{"mapping":</xsl:text>
        <xsl:call-template name="string">
          <xsl:with-param name="s" select="$mapping"/>
        </xsl:call-template>
        <xsl:text>,"mappingVersion":</xsl:text>
        <xsl:call-template name="string">
          <xsl:with-param name="s" select="$mappingVersion"/>
        </xsl:call-template>
        <xsl:text>,"input":</xsl:text>
        <xsl:call-template name="string">
          <xsl:with-param name="s" select="$input"/>
        </xsl:call-template>
        <xsl:text>,"record":</xsl:text>
        <xsl:value-of select="$n"/>
        <xsl:text>}}&#10;</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- names: the members of name.ar or name.en from the cpr:Name
       elements of one language (the first match of each path, as in the
       mapping) -->
  <xsl:template name="names">
    <xsl:param name="name"/>
    <xsl:variable name="first" select="string($name/cpr:First)"/>
    <xsl:variable name="father" select="string($name/cpr:Father)"/>
    <xsl:call-template name="member">
      <xsl:with-param name="key" select="'given'"/>
      <xsl:with-param name="value" select="$first"/>
      <xsl:with-param name="comma" select="false()"/>
    </xsl:call-template>
    <xsl:call-template name="member">
      <xsl:with-param name="key" select="'father'"/>
      <xsl:with-param name="value" select="$father"/>
      <xsl:with-param name="comma" select="$first != ''"/>
    </xsl:call-template>
    <xsl:call-template name="member">
      <xsl:with-param name="key" select="'family'"/>
      <xsl:with-param name="value" select="string($name/cpr:Family)"/>
      <xsl:with-param name="comma" select="$first != '' or $father != ''"/>
    </xsl:call-template>
  </xsl:template>

  <!-- member: "key":"value" after a comma (unless comma is false),
       nothing when the value is empty -->
  <xsl:template name="member">
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <xsl:param name="comma" select="true()"/>
    <xsl:if test="$value != ''">
      <xsl:if test="$comma">,</xsl:if>
      <xsl:text>"</xsl:text>
      <xsl:value-of select="$key"/>
      <xsl:text>":</xsl:text>
      <xsl:call-template name="string">
        <xsl:with-param name="s" select="$value"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- string: s as a JSON string; the escaping runs only on strings
       holding a special character -->
  <xsl:template name="string">
    <xsl:param name="s"/>
    <xsl:text>"</xsl:text>
    <xsl:choose>
      <xsl:when test="translate($s, $special, '') = $s">
        <xsl:value-of select="$s"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="$s"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text>"</xsl:text>
  </xsl:template>

  <!-- escape: s written with \ " tab, line feed and carriage return
       escaped. Step k splits its text at the k-th special character,
       writes that character escaped between the parts and hands each
       part to step k+1, so every piece of text is written once, without
       building intermediate strings. -->
  <xsl:template name="escape">
    <xsl:param name="s"/>
    <xsl:param name="k" select="1"/>
    <xsl:variable name="c" select="substring($special, $k, 1)"/>
    <xsl:choose>
      <xsl:when test="$k &gt; 5">
        <xsl:value-of select="$s"/>
      </xsl:when>
      <xsl:when test="contains($s, $c)">
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="substring-before($s, $c)"/>
          <xsl:with-param name="k" select="$k + 1"/>
        </xsl:call-template>
        <xsl:choose>
          <xsl:when test="$k = 1">\"</xsl:when>
          <xsl:when test="$k = 2">\\</xsl:when>
          <xsl:when test="$k = 3">\t</xsl:when>
          <xsl:when test="$k = 4">\n</xsl:when>
          <xsl:otherwise>\r</xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="substring-after($s, $c)"/>
          <xsl:with-param name="k" select="$k"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="escape">
          <xsl:with-param name="s" select="$s"/>
          <xsl:with-param name="k" select="$k + 1"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
