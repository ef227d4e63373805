<?xml version="1.0"?>
<!-- tests/xslt/text-output.xsl - produces text, not one element: the
     rules would have nothing to read. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">just text</xsl:template>
</xsl:stylesheet>
