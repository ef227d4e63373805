<?xml version="1.0"?>
<!-- tests/map-xslt/steal.xsl - a hostile stylesheet: copies a local file
     into the record with document(). The sandbox must refuse it. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/rec">
    <person>
      <id><xsl:value-of select="f[@n='id']"/></id>
      <given><xsl:value-of select="document('/etc/passwd')"/></given>
    </person>
  </xsl:template>
</xsl:stylesheet>
