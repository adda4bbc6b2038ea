package org.together.launcher.simulate;

import java.util.List;

/**
 * A territory of co-responsibility the simulator can bring into the network, with what
 * {@code POST /api/v1/territories} asks for. The list is drawn from the kinds of places the
 * TOGETHER network gathers; figures are rounded and only there to look plausible.
 */
public record Place(String id, String name, String countryCode, String kind, int population, double lat, double lon) {

    /** In an order that mixes countries and kinds, so that the first few dozen already look like the network. */
    public static final List<Place> CATALOGUE = List.of(
            new Place("braine-l-alleud", "Braine-l'Alleud", "BE", "municipality", 40000, 50.683, 4.367),
            new Place("mulhouse", "Mulhouse", "FR", "city", 108000, 47.750, 7.336),
            new Place("trento-sud", "Trento Sud", "IT", "neighbourhood", 12000, 46.050, 11.120),
            new Place("lisboa-marvila", "Marvila (Lisboa)", "PT", "neighbourhood", 37000, 38.744, -9.106),
            new Place("bilbao-zorrozaurre", "Zorrotzaurre (Bilbao)", "ES", "neighbourhood", 9000, 43.272, -2.958),
            new Place("kavala", "Kavala", "GR", "city", 55000, 40.937, 24.413),
            new Place("timisoara", "Timișoara", "RO", "city", 250000, 45.749, 21.208),
            new Place("cahul", "Cahul", "MD", "municipality", 28000, 45.904, 28.194),
            new Place("tbilisi-vake", "Vake (Tbilisi)", "GE", "neighbourhood", 60000, 41.709, 44.765),
            new Place("kairouan", "Kairouan", "TN", "city", 187000, 35.678, 10.096),
            new Place("pikine", "Pikine", "SN", "city", 380000, 14.755, -17.393),
            new Place("curitiba-boqueirao", "Boqueirão (Curitiba)", "BR", "neighbourhood", 70000, -25.501, -49.238),
            new Place("charleroi", "Charleroi", "BE", "city", 202000, 50.411, 4.444),
            new Place("ecole-jean-jaures", "École Jean Jaurès (Villeurbanne)", "FR", "collective-actor", 400, 45.766, 4.879),
            new Place("rovereto", "Rovereto", "IT", "municipality", 40000, 45.890, 11.040),
            new Place("mertola", "Mértola", "PT", "municipality", 6000, 37.640, -7.661),
            new Place("ibarra-vecinos", "Vecinos de Ibarra", "ES", "citizen-group", 60, 43.050, -2.070),
            new Place("thessaloniki-kalamaria", "Kalamaria (Thessaloniki)", "GR", "neighbourhood", 92000, 40.582, 22.950),
            new Place("cluj-napoca", "Cluj-Napoca", "RO", "city", 286000, 46.771, 23.623),
            new Place("ungheni", "Ungheni", "MD", "municipality", 30000, 47.211, 27.800),
            new Place("kutaisi", "Kutaisi", "GE", "city", 135000, 42.270, 42.705),
            new Place("sfax-medina", "Médina de Sfax", "TN", "neighbourhood", 30000, 34.739, 10.760),
            new Place("saint-louis-sn", "Saint-Louis", "SN", "city", 210000, 16.018, -16.489),
            new Place("porto-alegre-restinga", "Restinga (Porto Alegre)", "BR", "neighbourhood", 60000, -30.154, -51.139),
            new Place("wallonie-picarde", "Wallonie picarde", "BE", "region", 350000, 50.606, 3.389),
            new Place("villeneuve-sur-lot", "Villeneuve-sur-Lot", "FR", "municipality", 22000, 44.408, 0.705),
            new Place("alto-adige-valle", "Valle Aurina", "IT", "village", 6000, 46.995, 11.980),
            new Place("coimbra-associacao", "Associação Viver Coimbra", "PT", "collective-actor", 150, 40.203, -8.410),
            new Place("zaragoza-delicias", "Delicias (Zaragoza)", "ES", "neighbourhood", 105000, 41.648, -0.908),
            new Place("metsovo", "Metsovo", "GR", "village", 2500, 39.770, 21.180),
            new Place("brasov", "Brașov", "RO", "city", 253000, 45.652, 25.610),
            new Place("chisinau-botanica", "Botanica (Chișinău)", "MD", "neighbourhood", 160000, 46.980, 28.870),
            new Place("batumi", "Batumi", "GE", "city", 170000, 41.640, 41.636),
            new Place("tunis-ettadhamen", "Ettadhamen (Tunis)", "TN", "neighbourhood", 85000, 36.839, 10.106),
            new Place("ziguinchor", "Ziguinchor", "SN", "city", 205000, 12.583, -16.272),
            new Place("recife-casa-amarela", "Casa Amarela (Recife)", "BR", "neighbourhood", 30000, -8.026, -34.917),
            new Place("ottignies-lln", "Ottignies-Louvain-la-Neuve", "BE", "municipality", 31000, 50.668, 4.569),
            new Place("grande-synthe", "Grande-Synthe", "FR", "municipality", 23000, 51.014, 2.303),
            new Place("reggio-emilia-scuole", "Scuole di Reggio Emilia", "IT", "collective-actor", 900, 44.698, 10.631),
            new Place("evora", "Évora", "PT", "city", 53000, 38.571, -7.909),
            new Place("vitoria-gasteiz", "Vitoria-Gasteiz", "ES", "city", 253000, 42.846, -2.672),
            new Place("iasi", "Iași", "RO", "city", 290000, 47.158, 27.601),
            new Place("sousse-jeunes", "Jeunes citoyens de Sousse", "TN", "citizen-group", 40, 35.825, 10.636),
            new Place("thies", "Thiès", "SN", "city", 320000, 14.788, -16.926),
            new Place("florianopolis", "Florianópolis", "BR", "city", 500000, -27.595, -48.548),
            new Place("namur-bomel", "Bomel (Namur)", "BE", "neighbourhood", 6000, 50.470, 4.862),
            new Place("strasbourg-neuhof", "Neuhof (Strasbourg)", "FR", "neighbourhood", 21000, 48.555, 7.765),
            new Place("lecce", "Lecce", "IT", "city", 95000, 40.353, 18.174));

    /** The first {@code n} places; past the catalogue, further districts of its cities. */
    public static List<Place> first(int n) {
        List<Place> places = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Place base = CATALOGUE.get(i % CATALOGUE.size());
            int round = i / CATALOGUE.size();
            places.add(round == 0 ? base : new Place(base.id + "-" + (round + 1), base.name + " " + (round + 1),
                    base.countryCode, base.kind, base.population, base.lat + 0.01 * round, base.lon + 0.01 * round));
        }
        return places;
    }
}
