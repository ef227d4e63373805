<?xml version="1.0"?>
<!-- tests/xslt/internal-entity.xsl - internal entities are allowed. -->
<!DOCTYPE xsl:stylesheet [
  <!ENTITY greeting "hello">
]>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/"><out>&greeting;</out></xsl:template>
</xsl:stylesheet>
