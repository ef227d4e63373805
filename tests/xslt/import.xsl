<?xml version="1.0"?>
<!-- tests/xslt/import.xsl - xsl:import of a system file: refused. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="file:///etc/passwd"/>
  <xsl:template match="/"><out/></xsl:template>
</xsl:stylesheet>
