<?xml version="1.0"?>
<!-- tests/map-xslt/pivot.xsl - the escape hatch: turns a bag of fields
     into elements the rules can read; the given and family names are the
     first and the last "name" field. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/rec">
    <person>
      <id><xsl:value-of select="f[@n='id']"/></id>
      <given><xsl:value-of select="f[@n='name'][1]"/></given>
      <family><xsl:value-of select="f[@n='name'][last()]"/></family>
      <dob><xsl:value-of select="f[@n='dob']"/></dob>
    </person>
  </xsl:template>
</xsl:stylesheet>
