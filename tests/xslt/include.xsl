<?xml version="1.0"?>
<!-- tests/xslt/include.xsl - xsl:include of a sibling stylesheet:
     refused at load (a stylesheet must be self-contained). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="rename.xsl"/>
</xsl:stylesheet>
