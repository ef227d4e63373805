<?xml version="1.0" encoding="UTF-8"?>
<!-- tests/xslt/rename.xsl - a useful stylesheet: renames the record and
     restructures it (attributes become elements, names are grouped). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:cpr="urn:gcx:test:cpr:1"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="cpr exsl str">
  <xsl:output method="xml" encoding="UTF-8"/>
  <!-- a lookup table kept in the stylesheet, read with exsl:node-set
       (document('') is refused like every other document) -->
  <xsl:variable name="sexes-rtf">
    <sex code="M">male</sex>
    <sex code="F">female</sex>
  </xsl:variable>
  <xsl:variable name="sexes" select="exsl:node-set($sexes-rtf)/sex"/>
  <xsl:template match="/cpr:Person">
    <Person id="{@cpr}">
      <Name>
        <Given><xsl:value-of select="cpr:First"/></Given>
        <Family><xsl:value-of select="str:concat(cpr:Last)"/></Family>
      </Name>
      <Sex><xsl:value-of select="$sexes[@code = current()/@sex]"/></Sex>
      <Born><xsl:value-of select="translate(cpr:Birth, '/', '-')"/></Born>
    </Person>
  </xsl:template>
</xsl:stylesheet>
